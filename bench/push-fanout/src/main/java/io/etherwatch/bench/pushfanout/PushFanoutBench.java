package io.etherwatch.bench.pushfanout;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.logevent.LogEvent;
import io.etherwatch.logevent.TopicNames;
import io.etherwatch.testsupport.ChildProcess;
import io.etherwatch.testsupport.KafkaBroker;
import io.etherwatch.testsupport.MotoServer;
import io.etherwatch.testsupport.Ports;
import io.etherwatch.testsupport.ProjectRoot;
import io.etherwatch.testsupport.SharedServices;
import io.etherwatch.testsupport.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
  private static final String STREAM = "s1";

  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong gaps = new AtomicLong();
  private volatile long[] latencies = new long[0];
  private final AtomicInteger latencyCount = new AtomicInteger();

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
    int stepSeconds = env("STEP_SECONDS", 5);
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
      logs.createLogGroup(r -> r.logGroupName(GROUP));
      logs.createLogStream(r -> r.logGroupName(GROUP).logStreamName(STREAM));
    }
    String topic = new TopicNames(TopicNames.DEFAULT_PATTERN).topic(GROUP);
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }

    int port = Ports.free();
    Path jar = root.resolve("push-service/target/quarkus-app/quarkus-run.jar");
    List<String> command = new ArrayList<>(List.of("java", "-Xmx1g"));
    String extraOptions = System.getenv().getOrDefault("PUSH_JVM_OPTS", "").strip();
    if (!extraOptions.isEmpty()) {
      command.addAll(List.of(extraOptions.split("\\s+")));
    }
    command.addAll(
        List.of(
            "-Dquarkus.http.port=" + port,
            "-Dkafka.bootstrap.servers=" + kafka.bootstrapServers(),
            "-Dmp.jwt.verify.publickey.location=" + TestTokens.jwksFile().toUri(),
            "-Detherwatch.aws.endpoint-override=" + moto.endpoint(),
            "-Dquarkus.log.level=WARN",
            "-jar",
            jar.toString()));
    ChildProcess push =
        ChildProcess.start(
            "push-service",
            command,
            work,
            Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"),
            work.resolve("push-service.log"),
            "TERM",
            null);
    awaitReady(port);
    long rssBefore = rssAfterGc(push.pid());
    long heapBefore = heapUsed(push.pid());

    String token = TestTokens.token("bench", Set.of("viewer"), List.of("*"));
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    WebSocketClient client =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setMaxConnections(1_000_000)
                .setMaxMessageSize(64 * 1024 * 1024)
                .setMaxFrameSize(1 << 20));
    long connectStart = System.nanoTime();
    int connected = connect(client, port, token, subscribers);
    double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
    System.out.printf("%d subscribers connected in %.1f s%n", connected, connectSeconds);
    long rssAfter = rssAfterGc(push.pid());
    long heapAfter = heapUsed(push.pid());
    double heapPerConnection = (heapAfter - heapBefore) * 1024.0 / connected;
    double rssPerConnection = (rssAfter - rssBefore) * 1024.0 / connected;
    String histogram = System.getenv("HISTOGRAM_FILE");
    if (histogram != null) {
      new ProcessBuilder("jcmd", Long.toString(push.pid()), "GC.class_histogram")
          .redirectOutput(Path.of(histogram).toFile())
          .start()
          .waitFor(60, TimeUnit.SECONDS);
    }

    KafkaProducer<String, String> producer = producer(kafka.bootstrapServers());
    String padding = "x".repeat(Math.max(0, eventBytes - 30));

    List<Map<String, Object>> steps = new ArrayList<>();
    double bestRate = 0;
    for (int rate = 1; rate <= 4096; rate *= 2) {
      long before = delivered.get();
      long gapsBefore = gaps.get();
      long demanded = produce(producer, topic, padding, rate, stepSeconds) * connected;
      Thread.sleep(2_000);
      long got = delivered.get() - before;
      double ratio = (double) got / demanded;
      Map<String, Object> step = new LinkedHashMap<>();
      step.put("producedPerSecond", rate);
      step.put("deliveredPerSecond", got / (double) stepSeconds);
      step.put("deliveredRatio", ratio);
      step.put("gaps", gaps.get() - gapsBefore);
      steps.add(step);
      System.out.println("step " + step);
      if (ratio < 0.99 || gaps.get() > gapsBefore) {
        break;
      }
      bestRate = rate;
      Thread.sleep(1_000);
    }

    // Let the backlog of the step that overran drain before measuring.
    long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    long seen;
    do {
      seen = delivered.get();
      Thread.sleep(2_000);
    } while (delivered.get() != seen && System.nanoTime() < drainDeadline);

    double measureRate = Math.max(1, Math.floor(bestRate * 0.7));
    latencies =
        new long
            [(int)
                Math.min(
                    50_000_000L, (long) (measureRate * measureSeconds * connected * 1.2) + 1000)];
    latencyCount.set(0);
    long before = delivered.get();
    long gapsBefore = gaps.get();
    long start = System.nanoTime();
    long produced = produce(producer, topic, padding, measureRate, measureSeconds);
    Thread.sleep(3_000);
    double elapsed = (System.nanoTime() - start) / 1e9 - 3;
    long measuredDeliveries = delivered.get() - before;
    long[] sample = Arrays.copyOf(latencies, Math.min(latencyCount.get(), latencies.length));
    Arrays.sort(sample);

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("benchmark", "push-fanout");
    result.put("date", Instant.now().toString());
    result.put("machine", machine());
    result.put("loadAverageAtStart", loadAtStart);
    result.put(
        "jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    result.put("pushServiceHeap", "-Xmx1g");
    result.put("subscribers", connected);
    result.put("connectSeconds", connectSeconds);
    result.put("eventBytes", eventBytes);
    result.put("rssPerConnectionBytes", rssPerConnection);
    result.put("heapPerConnectionBytes", heapPerConnection);
    result.put("rssBeforeKiB", rssBefore);
    result.put("rssAfterKiB", rssAfter);
    result.put("stepSeconds", stepSeconds);
    result.put("steps", steps);
    result.put("maxProducedPerSecondFullyDelivered", bestRate);
    result.put("maxDeliveredPerSecond", bestRate * connected);
    result.put("measureProducedPerSecond", measureRate);
    result.put("measureDeliveredPerSecond", measuredDeliveries / elapsed);
    result.put("measureDeliveredRatio", measuredDeliveries / (double) (produced * connected));
    result.put("measureGaps", gaps.get() - gapsBefore);
    result.put("latencySamples", sample.length);
    result.put("latencyP50Millis", percentile(sample, 0.50));
    result.put("latencyP99Millis", percentile(sample, 0.99));
    result.put("latencyP999Millis", percentile(sample, 0.999));
    result.put("latencyMaxMillis", sample.length == 0 ? 0 : sample[sample.length - 1] / 1000.0);
    write(root, result);
    producer.close();
    vertx.close();
    push.stop(Duration.ofSeconds(10));
    kafka.stop();
    moto.stop();
  }

  private int connect(WebSocketClient client, int port, String token, int subscribers)
      throws InterruptedException {
    Semaphore inFlight = new Semaphore(200);
    CountDownLatch done = new CountDownLatch(subscribers);
    AtomicInteger ok = new AtomicInteger();
    for (int i = 0; i < subscribers; i++) {
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
              + GROUP
              + "\"}";
      client
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
    long[] sink = latencies;
    while ((at = frame.indexOf("\"message\":\"t=", at)) >= 0) {
      at += 13;
      long sent = 0;
      while (at < frame.length() && Character.isDigit(frame.charAt(at))) {
        sent = sent * 10 + (frame.charAt(at++) - '0');
      }
      count++;
      int slot = latencyCount.getAndIncrement();
      if (slot < sink.length) {
        sink[slot] = now - sent;
      }
    }
    delivered.addAndGet(count);
  }

  private static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /**
   * Produces {@code rate} events/s for {@code seconds}, in 50 ms transactions; returns the count.
   */
  private static long produce(
      KafkaProducer<String, String> producer,
      String topic,
      String padding,
      double rate,
      int seconds)
      throws Exception {
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
      producer.beginTransaction();
      for (int i = 0; i < count; i++) {
        long t = nowMicros();
        LogEvent event =
            LogEvent.of("b" + (id++), GROUP, STREAM, t / 1000, t / 1000, "t=" + t + " " + padding);
        ProducerRecord<String, String> record =
            new ProducerRecord<>(topic, STREAM, JSON.writeValueAsString(event));
        record.headers().add(LogEvent.HEADER_GROUP, GROUP.getBytes(StandardCharsets.UTF_8));
        record.headers().add(LogEvent.HEADER_STREAM, STREAM.getBytes(StandardCharsets.UTF_8));
        record
            .headers()
            .add(LogEvent.HEADER_EVENT_ID, event.eventId().getBytes(StandardCharsets.UTF_8));
        producer.send(record);
      }
      producer.commitTransaction();
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

  private static void awaitReady(int port) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> ready =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("push-service not ready within 2 minutes");
  }

  /** Heap in use (KiB) of {@code pid} as {@code jcmd GC.heap_info} reports it. */
  private static long heapUsed(long pid) throws Exception {
    Process jcmd =
        new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info")
            .redirectErrorStream(true)
            .start();
    String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    jcmd.waitFor(60, TimeUnit.SECONDS);
    java.util.regex.Matcher used = java.util.regex.Pattern.compile("used (\\d+)K").matcher(out);
    return used.find() ? Long.parseLong(used.group(1)) : 0;
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

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1000.0;
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
    Path dir = root.resolve("bench/results");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("push-fanout.json"),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result) + "\n");
    StringBuilder md = new StringBuilder();
    md.append("## push-fanout\n\n")
        .append("N WebSocket subscribers of one log group on one push-service (child JVM, ")
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
        .append("- subscribers: ")
        .append(result.get("subscribers"))
        .append(" (connected and subscribed in ")
        .append(String.format("%.1f", (double) result.get("connectSeconds")))
        .append(" s)\n")
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
            row("measured at (70 %, produced events/s)", result.get("measureProducedPerSecond")))
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
                "latency p50 (producer send to client receipt)",
                result.get("latencyP50Millis") + " ms"))
        .append(row("latency p99", result.get("latencyP99Millis") + " ms"))
        .append(row("latency p99.9", result.get("latencyP999Millis") + " ms"))
        .append(row("latency max", result.get("latencyMaxMillis") + " ms"))
        .append("\nRate steps (each ")
        .append(result.get("stepSeconds"))
        .append(" s, doubling until less than 99 % was delivered or a GAP appeared):\n\n")
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
    Files.writeString(dir.resolve("push-fanout.md"), md.toString());
    System.out.println(md);
  }

  private static String row(String name, Object value) {
    return "| " + name + " | " + value + " |\n";
  }
}
