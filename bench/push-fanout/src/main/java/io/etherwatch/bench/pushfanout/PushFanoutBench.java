package io.etherwatch.bench.pushfanout;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.logevent.LogEvent;
import io.etherwatch.logevent.TopicNames;
import io.etherwatch.testsupport.ChildProcess;
import io.etherwatch.testsupport.KafkaBroker;
import io.etherwatch.testsupport.MotoServer;
import io.etherwatch.testsupport.Ports;
import io.etherwatch.testsupport.ProjectRoot;
import io.etherwatch.testsupport.QuarkusApp;
import io.etherwatch.testsupport.SharedServices;
import io.etherwatch.testsupport.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * The push-fanout benchmark (DESIGN section 10): a real Kafka broker, moto, and push-service as a
 * child JVM; this JVM is the load generator. It opens N WebSocket subscribers on one log group,
 * measures RSS per idle connection, steps the produced rate up to find the highest rate delivered
 * in full, then measures latency (producer send to client receipt) at 70 % of it.
 */
public final class PushFanoutBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GROUP = "etherwatch/bench";

  /** Log groups the subscribers spread over (LOG_GROUPS): subscriber i follows group i % GROUPS. */
  private static final int GROUPS = env("LOG_GROUPS", 1);

  private static final String STREAM = "s1";

  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong gaps = new AtomicLong();
  private final AtomicLong failedTransactions = new AtomicLong();
  private String bootstrap;
  private KafkaProducer<String, String> producer;

  /** Set while latency is measured: only events sent from then on are recorded. */
  private volatile LatencyRecorder latencies;

  public static void main(String[] args) throws Exception {
    new PushFanoutBench().run();
    System.exit(0);
  }

  private static int env(String name, int fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
  }

  private void run() throws Exception {
    int subscribers = env("SUBSCRIBERS", 10_000);
    int stepSeconds = env("STEP_SECONDS", 15);
    int measureSeconds = env("MEASURE_SECONDS", 20);
    int eventBytes = env("EVENT_BYTES", 200);
    Path root = ProjectRoot.get();
    Path work = SharedServices.runDir();
    String loadAtStart = Files.readString(Path.of("/proc/loadavg")).strip();

    System.out.println("starting Kafka and moto in " + work);
    KafkaBroker kafka = KafkaBroker.start(work.resolve("kafka"));
    MotoServer moto = MotoServer.start(work);
    try (CloudWatchLogsClient logs =
        MotoServer.configure(CloudWatchLogsClient.builder(), moto.endpoint()).build()) {
      for (int g = 0; g < GROUPS; g++) {
        String group = group(g);
        logs.createLogGroup(r -> r.logGroupName(group));
        logs.createLogStream(r -> r.logGroupName(group).logStreamName(STREAM));
      }
    }
    List<NewTopic> topics = new ArrayList<>();
    for (int g = 0; g < GROUPS; g++) {
      topics.add(new NewTopic(topic(g), 1, (short) 1));
    }
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin.createTopics(topics).all().get();
    }

    int port = Ports.free();
    Path jar = root.resolve("push-service/target/quarkus-app/quarkus-run.jar");
    List<String> jvmOptions = new ArrayList<>(List.of("-Xmx1g"));
    // The service's shipped options (push-service/jvm.options), then any of the run's own.
    for (String line : Files.readAllLines(root.resolve("push-service/jvm.options"))) {
      if (!line.isBlank() && !line.strip().startsWith("#")) {
        jvmOptions.add(line.strip());
      }
    }
    String extraOptions = System.getenv().getOrDefault("PUSH_JVM_OPTS", "").strip();
    if (!extraOptions.isEmpty()) {
      jvmOptions.addAll(List.of(extraOptions.split("\\s+")));
    }
    ChildProcess push =
        QuarkusApp.start(
            "push-service",
            jar,
            port,
            jvmOptions,
            Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "mp.jwt.verify.publickey.location", TestTokens.jwksFile().toUri().toString(),
                "etherwatch.aws.endpoint-override", moto.endpoint().toString(),
                "quarkus.log.level", "WARN"),
            Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"),
            work.resolve("push-service.log"));
    String token = TestTokens.token("bench", Set.of("viewer"), List.of("*"));
    // A Vert.x client binds every connection made from this (non-Vert.x) thread to one event
    // loop: one Vert.x instance per client event loop, subscriber i on loop i % CLIENT_LOOPS.
    int clientLoops = env("CLIENT_LOOPS", 2);
    List<Vertx> loops = new ArrayList<>();
    List<WebSocketClient> clients = new ArrayList<>();
    for (int i = 0; i < clientLoops; i++) {
      Vertx vertx =
          Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
      loops.add(vertx);
      clients.add(
          vertx.createWebSocketClient(
              new WebSocketClientOptions()
                  .setMaxConnections(1_000_000)
                  .setMaxMessageSize(64 * 1024 * 1024)
                  .setMaxFrameSize(1 << 20)));
    }
    // Memory per connection is the growth from `warmup` connections to N: loading and compiling
    // the connection code happens once per process, not once per connection.
    int warmup = Math.min(subscribers / 10, env("WARMUP", 1_000));
    long connectStart = System.nanoTime();
    int warmed = connect(clients, port, token, 0, warmup);
    long rssBefore = rssAfterGc(push.pid());
    long heapBefore = heapUsed(push.pid());
    String histogram = System.getenv("HISTOGRAM_FILE");
    if (histogram != null) {
      jcmd(push.pid(), null, "VM.native_memory", "baseline");
    }
    int connected = warmed + connect(clients, port, token, warmup, subscribers);
    double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
    System.out.printf("%d subscribers connected in %.1f s%n", connected, connectSeconds);
    long rssAfter = rssAfterGc(push.pid());
    long heapAfter = heapUsed(push.pid());
    double heapPerConnection = (heapAfter - heapBefore) * 1024.0 / (connected - warmed);
    double rssPerConnection = (rssAfter - rssBefore) * 1024.0 / (connected - warmed);
    if (histogram != null) {
      // With -XX:NativeMemoryTracking=summary in PUSH_JVM_OPTS the .nmt file shows native growth.
      jcmd(push.pid(), Path.of(histogram), "GC.class_histogram");
      jcmd(push.pid(), Path.of(histogram + ".nmt"), "VM.native_memory", "summary.diff");
    }

    bootstrap = kafka.bootstrapServers();
    producer = producer(bootstrap);
    String padding = "x".repeat(Math.max(0, eventBytes - 30));

    List<Map<String, Object>> steps = new ArrayList<>();
    double bestRate = 0;
    // Doubling until a step is not delivered in full, then three bisections between the last
    // good rate and the first bad one.
    double failedRate = 0;
    // MEASURE_RATE skips the search: the warm-up at that rate, then the measurement at it.
    String fixedRate = System.getenv("MEASURE_RATE");
    Double fixed = fixedRate == null ? null : Double.parseDouble(fixedRate);
    // JIT warm-up. When load first arrives, the broker, push-service and this generator each
    // compile for about a minute of CPU on the same two cores, and the compilers settle only after
    // 60-90 s of load. Measured within that time (a 40-s warm-up), p99 at 500 events/s with 100
    // groups was 356, 2,273 and 5,222 ms; after 240 s of load, 97 ms. WARM_SECONDS (120) of load at
    // about 40,000 frames/s (or at MEASURE_RATE) come before the steps.
    int warmSeconds = env("WARM_SECONDS", 120);
    double warmRate =
        fixed != null ? fixed : Math.max(1, Math.floor(40_000.0 * GROUPS / connected));
    produce(padding, warmRate, warmSeconds);
    drain();
    for (int step = 0; step < 20 && fixed == null; step++) {
      double rate;
      if (failedRate == 0) {
        // From about 10,000 frames/s: lower steps would only show that little is easy.
        rate =
            bestRate == 0 ? Math.max(1, Math.floor(10_000.0 * GROUPS / connected)) : bestRate * 2;
      } else if (failedRate - bestRate <= Math.max(1, bestRate / 16)) {
        break;
      } else {
        rate = Math.floor((bestRate + failedRate) / 2);
      }
      if (rate > 1 << 16) {
        break;
      }
      long before = delivered.get();
      long gapsBefore = gaps.get();
      long demanded = demanded(produce(padding, rate, stepSeconds), connected);
      // A rate is kept up with when 99 % of it arrives within a second of the step's end. A step
      // must be long enough that an unsustainable rate fails: at 15 s, a rate 7 % above what the
      // machine keeps up with leaves a second of backlog (5-s steps passed rates that were not).
      Thread.sleep(1_000);
      long got = delivered.get() - before;
      double ratio = (double) got / demanded;
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("producedPerSecond", rate);
      result.put("deliveredPerSecond", got / (double) stepSeconds);
      result.put("deliveredRatio", ratio);
      result.put("gaps", gaps.get() - gapsBefore);
      steps.add(result);
      System.out.println("step " + result);
      if (ratio < 0.99 || gaps.get() > gapsBefore) {
        failedRate = rate;
        drain();
      } else {
        bestRate = rate;
      }
      Thread.sleep(1_000);
    }

    drain();

    double measureRate = fixed != null ? fixed : Math.max(1, bestRate * 0.7);
    // The latency of a steady rate, not of the step from idle to it: the first seconds at the
    // rate are not recorded (runs showed a few 100 ms windows over 100 ms right after the idle).
    int settleSeconds = env("SETTLE_SECONDS", 5);
    // The compilers' work from here to the end of the measurement shows whether the warm-up did it.
    Map<String, Double> compileBefore = compileSeconds(kafka.process().pid(), push.pid());
    // Recording during the settle too, into a recorder then dropped: the clients' recording code
    // had not run during the steps, and every measurement began with 0.3-0.8 s of slow windows;
    // with this, one run had slow events only in its first 100 ms.
    latencies = new LatencyRecorder(nowMicros(), settleSeconds);
    produce(padding, measureRate, settleSeconds);
    long gapsBefore = gaps.get();
    LatencyRecorder recorder = new LatencyRecorder(nowMicros(), measureSeconds);
    latencies = recorder;
    // The wall clock of "sent at 0.0 s" below, to line slow windows up with GC logs or vmstat.
    System.out.println("measuring from " + Instant.now());
    long start = System.nanoTime();
    long produced = produce(padding, measureRate, measureSeconds);
    Thread.sleep(3_000);
    double elapsed = (System.nanoTime() - start) / 1e9 - 3;
    latencies = null;
    // Deliveries of the events sent while measuring (the recorder sees exactly those).
    long measuredDeliveries = recorder.count();
    recorder.slowWindows().forEach(System.out::println);
    Map<String, Object> compiling = new LinkedHashMap<>();
    compileSeconds(kafka.process().pid(), push.pid())
        .forEach(
            (jvm, after) -> {
              double seconds = after - compileBefore.get(jvm);
              compiling.put(
                  jvm, Double.isNaN(seconds) ? "unknown" : Math.round(seconds * 100) / 100.0);
            });

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("benchmark", "push-fanout");
    result.put("date", Instant.now().toString());
    result.put("machine", machine());
    result.put("loadAverageAtStart", loadAtStart);
    result.put(
        "jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    result.put(
        "pushServiceHeap",
        String.join(" ", jvmOptions.stream().filter(o -> o.startsWith("-X")).toList()));
    result.put(
        "loadGeneratorJvmOptions",
        String.join(
            " ",
            java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(o -> o.startsWith("-X"))
                .toList()));
    result.put(
        "clientTransport",
        (loops.get(0).isNativeTransportEnabled() ? "epoll" : "JDK NIO")
            + ", "
            + clientLoops
            + " event loops");
    result.put("subscribers", connected);
    result.put("groups", GROUPS);
    result.put("connectSeconds", connectSeconds);
    result.put("eventBytes", eventBytes);
    result.put("rssPerConnectionBytes", rssPerConnection);
    result.put("heapPerConnectionBytes", heapPerConnection);
    result.put("memoryMeasuredFromConnections", warmed);
    result.put("rssBeforeKiB", rssBefore);
    result.put("rssAfterKiB", rssAfter);
    result.put("stepSeconds", stepSeconds);
    result.put("steps", steps);
    result.put("maxProducedPerSecondFullyDelivered", bestRate);
    result.put("maxDeliveredPerSecond", demanded((long) bestRate, connected));
    result.put("measureRateFrom", fixed == null ? "70 %" : "MEASURE_RATE");
    result.put("measureProducedPerSecond", measureRate);
    result.put("measureDeliveredPerSecond", measuredDeliveries / elapsed);
    result.put(
        "measureDeliveredRatio", measuredDeliveries / (double) demanded(produced, connected));
    result.put("warmSeconds", warmSeconds);
    result.put("warmProducedPerSecond", warmRate);
    result.put("settleSeconds", settleSeconds);
    result.put("jitCompileSecondsWhileSettlingAndMeasuring", compiling);
    result.put("measureSeconds", measureSeconds);
    result.put("measureGaps", gaps.get() - gapsBefore);
    result.put("failedTransactions", failedTransactions.get());
    result.put("latencySamples", recorder.count());
    result.put("latencyP50Millis", recorder.percentileMillis(0.50));
    result.put("latencyP99Millis", recorder.percentileMillis(0.99));
    result.put("latencyP999Millis", recorder.percentileMillis(0.999));
    result.put("latencyMaxMillis", recorder.maxMillis());
    write(root, result);
    producer.close();
    loops.forEach(Vertx::close);
    push.stop(Duration.ofSeconds(10));
    kafka.stop();
    moto.stop();
  }

  /** Connects and subscribes clients number {@code from} (inclusive) to {@code to} (exclusive). */
  private int connect(List<WebSocketClient> clients, int port, String token, int from, int to)
      throws InterruptedException {
    Semaphore inFlight = new Semaphore(200);
    CountDownLatch done = new CountDownLatch(to - from);
    AtomicInteger ok = new AtomicInteger();
    for (int i = from; i < to; i++) {
      inFlight.acquire();
      WebSocketConnectOptions options =
          new WebSocketConnectOptions()
              .setHost("127.0.0.1")
              .setPort(port)
              .setURI("/ws")
              .setAllowOriginHeader(false)
              .addHeader("Authorization", "Bearer " + token);
      String request =
          "{\"type\":\"LOG_STREAM_REQUEST\",\"requestId\":\"r"
              + i
              + "\",\"logGroupName\":\""
              + group(i % GROUPS)
              + "\"}";
      clients
          .get(i % clients.size())
          .connect(options)
          .onSuccess(
              ws -> {
                ws.textMessageHandler(
                    text -> {
                      if (text.startsWith("{\"type\":\"LOG_EVENTS\"")) {
                        received(text);
                      } else if (text.startsWith("{\"type\":\"LOG_STREAM_REPLY\"")) {
                        if (text.contains("\"success\":true")) {
                          ok.incrementAndGet();
                        }
                        inFlight.release();
                        done.countDown();
                      } else if (text.startsWith("{\"type\":\"GAP\"")) {
                        gaps.incrementAndGet();
                      }
                    });
                ws.writeTextMessage(request);
              })
          .onFailure(
              e -> {
                inFlight.release();
                done.countDown();
              });
    }
    done.await(10, TimeUnit.MINUTES);
    return ok.get();
  }

  // Events carry "t=<epoch micros> ..." as their message; parsing is a scan, not a JSON parse.
  private void received(String frame) {
    long now = nowMicros();
    int at = 0;
    int count = 0;
    LatencyRecorder recorder = latencies;
    while ((at = frame.indexOf("\"message\":\"t=", at)) >= 0) {
      at += 13;
      long sent = 0;
      while (at < frame.length() && Character.isDigit(frame.charAt(at))) {
        sent = sent * 10 + (frame.charAt(at++) - '0');
      }
      count++;
      if (recorder != null && sent >= recorder.startMicros()) {
        recorder.record(sent, now - sent);
      }
    }
    delivered.addAndGet(count);
  }

  private static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /** Waits until a step that overran has been delivered (or 120 s have passed). */
  private void drain() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    long seen;
    do {
      seen = delivered.get();
      Thread.sleep(2_000);
    } while (delivered.get() != seen && System.nanoTime() < deadline);
  }

  private static String group(int g) {
    return GROUPS == 1 ? GROUP : GROUP + "-" + g;
  }

  private static String topic(int g) {
    return new TopicNames(TopicNames.DEFAULT_PATTERN).topic(group(g));
  }

  /**
   * Frames owed for {@code produced} events sent round-robin over the groups to {@code connected}
   * subscribers spread the same way.
   */
  private static long demanded(long produced, int connected) {
    long owed = 0;
    for (int g = 0; g < GROUPS; g++) {
      long events = produced / GROUPS + (g < produced % GROUPS ? 1 : 0);
      long subscribers = connected / GROUPS + (g < connected % GROUPS ? 1 : 0);
      owed += events * subscribers;
    }
    return owed;
  }

  /**
   * Produces {@code rate} events/s round-robin over the groups for {@code seconds}, in 50 ms
   * transactions; returns the count.
   */
  private long produce(String padding, double rate, int seconds) throws Exception {
    long tickNanos = 50_000_000L;
    long ticks = seconds * 1_000_000_000L / tickNanos;
    double perTick = rate * tickNanos / 1e9;
    double owed = 0;
    long start = System.nanoTime();
    long id = 0;
    for (long tick = 0; tick < ticks; tick++) {
      long due = start + tick * tickNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      owed += perTick;
      int count = (int) (owed + 1e-9);
      owed -= count;
      if (count == 0) {
        continue;
      }
      try {
        producer.beginTransaction();
        for (int i = 0; i < count; i++) {
          long t = nowMicros();
          int g = (int) (id % GROUPS);
          String group = group(g);
          LogEvent event =
              LogEvent.of(
                  "b" + (id++), group, STREAM, t / 1000, t / 1000, "t=" + t + " " + padding);
          ProducerRecord<String, String> record =
              new ProducerRecord<>(topic(g), STREAM, JSON.writeValueAsString(event));
          record.headers().add(LogEvent.HEADER_GROUP, group.getBytes(StandardCharsets.UTF_8));
          record.headers().add(LogEvent.HEADER_STREAM, STREAM.getBytes(StandardCharsets.UTF_8));
          record
              .headers()
              .add(LogEvent.HEADER_EVENT_ID, event.eventId().getBytes(StandardCharsets.UTF_8));
          producer.send(record);
        }
        producer.commitTransaction();
      } catch (KafkaException e) {
        // Seen once at 800 events/s: the broker logged "state is COMPLETE_COMMIT, but received
        // transaction marker result to send: COMMIT" and the producer failed with
        // InvalidTxnStateException. The transaction's events may or may not have been committed;
        // the run goes on with a new producer and reports how often this happened.
        failedTransactions.incrementAndGet();
        System.out.println("transaction failed, new producer: " + e);
        producer.close(Duration.ofSeconds(5));
        producer = producer(bootstrap);
      }
    }
    return id;
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "push-fanout-bench");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    KafkaProducer<String, String> producer = new KafkaProducer<>(props);
    producer.initTransactions();
    return producer;
  }

  private static void jcmd(long pid, Path output, String... command) throws Exception {
    List<String> line = new ArrayList<>(List.of("jcmd", Long.toString(pid)));
    line.addAll(List.of(command));
    ProcessBuilder builder = new ProcessBuilder(line);
    builder.redirectOutput(
        output == null
            ? ProcessBuilder.Redirect.DISCARD
            : ProcessBuilder.Redirect.to(output.toFile()));
    builder.start().waitFor(60, TimeUnit.SECONDS);
  }

  /**
   * Seconds the JIT compilers of the broker, push-service and this JVM have worked so far
   * (HotSpot's java.ci.totalTime counter, through jcmd for the other two; NaN when jcmd cannot
   * tell).
   */
  private static Map<String, Double> compileSeconds(long kafkaPid, long pushPid) throws Exception {
    Map<String, Double> seconds = new LinkedHashMap<>();
    seconds.put("kafka", compileSeconds(kafkaPid));
    seconds.put("pushService", compileSeconds(pushPid));
    seconds.put(
        "loadGenerator",
        java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime()
            / 1000.0);
    return seconds;
  }

  private static double compileSeconds(long pid) throws Exception {
    String out = jcmdOutput(pid, "PerfCounter.print");
    java.util.regex.Matcher ticks =
        java.util.regex.Pattern.compile("java\\.ci\\.totalTime=(\\d+)").matcher(out);
    java.util.regex.Matcher frequency =
        java.util.regex.Pattern.compile("sun\\.os\\.hrt\\.frequency=(\\d+)").matcher(out);
    if (!ticks.find() || !frequency.find()) {
      System.out.println("jcmd PerfCounter.print of " + pid + " shows no java.ci.totalTime");
      return Double.NaN;
    }
    return Long.parseLong(ticks.group(1)) / (double) Long.parseLong(frequency.group(1));
  }

  /** What {@code jcmd <pid> <command>} prints (standard output and error). */
  private static String jcmdOutput(long pid, String command) throws Exception {
    Process jcmd =
        new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
    String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    jcmd.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  /** Heap in use (KiB) of {@code pid} as {@code jcmd GC.heap_info} reports it. */
  private static long heapUsed(long pid) throws Exception {
    String out = jcmdOutput(pid, "GC.heap_info");
    // G1 reports one "garbage-first heap" line, Serial a line per generation; Metaspace is not
    // heap.
    java.util.regex.Matcher used =
        java.util.regex.Pattern.compile(
                "(?m)^\\s*\\S.*(?:heap|generation)\\s+total \\d+K, used (\\d+)K")
            .matcher(out);
    long sum = 0;
    while (used.find()) {
      sum += Long.parseLong(used.group(1));
    }
    return sum;
  }

  /** VmRSS of {@code pid} in KiB after a full GC of that JVM. */
  private static long rssAfterGc(long pid) throws Exception {
    new ProcessBuilder("jcmd", Long.toString(pid), "GC.run")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start()
        .waitFor(60, TimeUnit.SECONDS);
    Thread.sleep(1_000);
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS for " + pid);
  }

  private static String machine() throws Exception {
    String cpu =
        Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
            .filter(l -> l.startsWith("model name"))
            .findFirst()
            .map(l -> l.substring(l.indexOf(':') + 1).strip())
            .orElse("unknown cpu");
    long memKb =
        Files.readAllLines(Path.of("/proc/meminfo")).stream()
            .filter(l -> l.startsWith("MemTotal"))
            .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
            .findFirst()
            .orElse(0L);
    return Runtime.getRuntime().availableProcessors()
        + " cores, "
        + cpu
        + ", "
        + (memKb / 1024 / 1024)
        + " GiB RAM";
  }

  private static void write(Path root, Map<String, Object> result) throws Exception {
    String name = GROUPS == 1 ? "push-fanout" : "push-fanout-" + GROUPS + "-groups";
    Path dir = root.resolve("bench/results");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve(name + ".json"),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result) + "\n");
    StringBuilder md = new StringBuilder();
    md.append("## ")
        .append(name)
        .append("\n\n")
        .append(
            GROUPS == 1
                ? "N WebSocket subscribers of one log group (every event goes to all of them)"
                : "N WebSocket subscribers spread evenly over "
                    + GROUPS
                    + " log groups, events produced round-robin over the groups")
        .append(" on one push-service (child JVM, ")
        .append(result.get("pushServiceHeap"))
        .append(
            "), events produced to a real Kafka broker (transactional, like log-ingest-service) ")
        .append(
            "by the load generator JVM, which also holds every client. Loopback only; Kafka, moto, ")
        .append("push-service and the load generator share the machine.\n\n")
        .append("- machine: ")
        .append(result.get("machine"))
        .append('\n')
        .append("- JVM: ")
        .append(result.get("jvm"))
        .append('\n')
        .append("- /proc/loadavg at start (other work on the machine): ")
        .append(result.get("loadAverageAtStart"))
        .append('\n')
        .append("- date: ")
        .append(result.get("date"))
        .append('\n')
        .append("- load generator: ")
        .append(result.get("loadGeneratorJvmOptions"))
        .append(", WebSocket transport ")
        .append(result.get("clientTransport"))
        .append('\n')
        .append("- subscribers: ")
        .append(result.get("subscribers"))
        .append(" (connected and subscribed in ")
        .append(String.format("%.1f", (double) result.get("connectSeconds")))
        .append(" s); memory per connection is the growth from ")
        .append(result.get("memoryMeasuredFromConnections"))
        .append(" connections to all of them, each after a full GC\n")
        .append("- event size: ")
        .append(result.get("eventBytes"))
        .append(" bytes of message\n\n")
        .append("| metric | value |\n|---|---|\n")
        .append(
            row(
                "RSS per idle connection (after GC)",
                String.format("%.0f bytes", (double) result.get("rssPerConnectionBytes"))))
        .append(
            row(
                "live heap per idle connection (after GC)",
                String.format("%.0f bytes", (double) result.get("heapPerConnectionBytes"))))
        .append(
            row(
                "highest produced rate delivered in full (events/s)",
                result.get("maxProducedPerSecondFullyDelivered")))
        .append(row("delivered events/s at that rate", result.get("maxDeliveredPerSecond")))
        .append(
            row(
                "measured at (" + result.get("measureRateFrom") + ", produced events/s)",
                String.format("%.1f", (double) result.get("measureProducedPerSecond"))))
        .append(
            row(
                "seconds at that rate before latencies are recorded (then "
                    + result.get("measureSeconds")
                    + " s recorded)",
                result.get("settleSeconds")))
        .append(
            row(
                "delivered events/s while measuring",
                String.format("%.0f", (double) result.get("measureDeliveredPerSecond"))))
        .append(
            row(
                "delivered / expected while measuring",
                String.format("%.4f", (double) result.get("measureDeliveredRatio"))))
        .append(row("GAP frames while measuring", result.get("measureGaps")))
        .append(
            row(
                "producer transactions failed and the producer replaced (whole run)",
                result.get("failedTransactions")))
        .append(
            row(
                "latency p50 (producer send to client receipt)",
                result.get("latencyP50Millis") + " ms"))
        .append(row("latency p99", result.get("latencyP99Millis") + " ms"))
        .append(row("latency p99.9", result.get("latencyP999Millis") + " ms"))
        .append(row("latency max", result.get("latencyMaxMillis") + " ms"))
        .append(
            row(
                "JIT compile time while settling and measuring, s (broker / push-service / load"
                    + " generator)",
                String.join(
                    " / ",
                    ((Map<?, ?>) result.get("jitCompileSecondsWhileSettlingAndMeasuring"))
                        .values().stream().map(String::valueOf).toList())))
        .append("\nBefore the steps, ")
        .append(result.get("warmSeconds"))
        .append(" s at ")
        .append(result.get("warmProducedPerSecond"))
        .append(
            " events/s warm the three JVMs up: their JIT compilers otherwise take up to a core for"
                + " the first 60-90 s of load.\n")
        .append("\nRate steps (each ")
        .append(result.get("stepSeconds"))
        .append(
            " s; a step passes when 99 % of its events arrive within 1 s of its end and no GAP"
                + " appears; doubling from about 10,000 frames/s until a step fails, then three"
                + " bisections):\n\n")
        .append("| produced/s | delivered/s | delivered ratio | GAPs |\n|---|---|---|---|\n");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> steps = (List<Map<String, Object>>) result.get("steps");
    for (Map<String, Object> step : steps) {
      md.append("| ")
          .append(step.get("producedPerSecond"))
          .append(" | ")
          .append(String.format("%.0f", (double) step.get("deliveredPerSecond")))
          .append(" | ")
          .append(String.format("%.4f", (double) step.get("deliveredRatio")))
          .append(" | ")
          .append(step.get("gaps"))
          .append(" |\n");
    }
    Files.writeString(dir.resolve(name + ".md"), md.toString());
    System.out.println(md);
  }

  private static String row(String name, Object value) {
    return "| " + name + " | " + value + " |\n";
  }
}
