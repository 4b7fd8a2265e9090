package io.etherwatch.bench.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.etherwatch.bench.common.LatencyProbe;
import io.etherwatch.bench.common.Machine;
import io.etherwatch.logevent.TopicNames;
import io.etherwatch.testsupport.KafkaBroker;
import io.etherwatch.testsupport.MotoServer;
import io.etherwatch.testsupport.ProjectRoot;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/**
 * {@code ./etherwatch bench ingest}: log-ingest-service (the packaged app) against a real broker,
 * (1) fed by a synthetic CloudWatch Logs source, (2) by moto with one hot group, (3) by moto with
 * 1, 10 and 100 groups under the default 4 calls/s budget, (4) by moto with a quiet and a busy
 * group at late-horizon 1h and 14d ({@link LateHorizonScenario}), (5) with push-service, watched
 * groups: PutLogEvents → WebSocket ({@link WatchedScenario}). Bounded counts and time; loopback
 * only.
 */
public final class IngestBench {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final TopicNames TOPICS = new TopicNames(TopicNames.DEFAULT_PATTERN);

  private final Path root = ProjectRoot.get();
  // The services measured: this tree's builds, or those of a commit built elsewhere (run.sh).
  private final Path jar =
      Path.of(
          System.getProperty(
              "bench.ingest.jar",
              root.resolve("log-ingest-service/target/quarkus-app/quarkus-run.jar").toString()));
  private final Path pushJar =
      Path.of(
          System.getProperty(
              "bench.push.jar",
              root.resolve("push-service/target/quarkus-app/quarkus-run.jar").toString()));
  private final Path dir;
  private final KafkaBroker kafka;

  private IngestBench(Path dir) {
    this.dir = dir;
    this.kafka = KafkaBroker.start(dir.resolve("kafka"));
  }

  /**
   * Runs every scenario ({@code -Dbench.only=all}, the default), or only the late-horizon or the
   * watched one ({@code late-horizon}, {@code watched}: its section of {@code
   * bench/results/ingest.json} is replaced, the others keep the numbers of their own run), or
   * rebuilds {@code ingest.md} from {@code ingest.json} ({@code report}). {@code
   * -Dbench.watched.before=true} keeps the watched run as the reference measured before issue 14
   * ({@code watchedBefore}) instead.
   */
  public static void main(String[] args) throws Exception {
    String only = System.getProperty("bench.only", "all");
    if (!List.of("all", "late-horizon", "watched", "report").contains(only)) {
      throw new IllegalArgumentException(
          "bench.only must be all, late-horizon, watched or report, not " + only);
    }
    Path out = ProjectRoot.get().resolve("bench/results");
    Files.createDirectories(out);
    Map<String, Object> results = new LinkedHashMap<>();
    if (!only.equals("all")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> previous =
          JSON.readValue(out.resolve("ingest.json").toFile(), LinkedHashMap.class);
      results.putAll(previous);
    }
    if (!only.equals("report")) {
      run(only, results);
    }
    Files.write(out.resolve("ingest.json"), JSON.writeValueAsBytes(results));
    Files.writeString(out.resolve("ingest.md"), BenchReport.markdown(results));
    System.out.println(Files.readString(out.resolve("ingest.md")));
    // The HTTP server's and Kafka clients' threads would keep the JVM alive.
    System.exit(0);
  }

  private static void run(String only, Map<String, Object> results) throws Exception {
    Path dir =
        ProjectRoot.get().resolve("bench/ingest/target/run-" + ProcessHandle.current().pid());
    Files.createDirectories(dir);
    long syntheticEvents = Long.parseLong(System.getProperty("bench.synthetic.events", "600000"));
    IngestBench bench = new IngestBench(dir);
    boolean all = only.equals("all");
    if (all) {
      results.put("date", Instant.now().toString());
      results.put("machine", machine());
      results.put("synthetic", bench.synthetic(syntheticEvents));
      if (Boolean.getBoolean("bench.synthetic.only")) {
        bench.kafka.stop();
        System.out.println(JSON.writeValueAsString(results));
        System.exit(0);
      }
    }
    MotoServer moto = MotoServer.start(dir);
    try {
      if (all) {
        results.put("motoHotGroup", bench.motoHotGroup(moto.endpoint(), "bench-hot", "0s"));
        results.put(
            "motoHotGroupReadDelay", bench.motoHotGroup(moto.endpoint(), "bench-hot-delay", "2s"));
        List<Object> scaling = new ArrayList<>();
        for (int[] g : new int[][] {{1, 1}, {10, 2}, {100, 5}}) {
          scaling.add(bench.groups(moto.endpoint(), g[0], g[1]));
        }
        results.put("groups", scaling);
      }
      String endpoint = moto.endpoint().toString();
      if (all || only.equals("late-horizon")) {
        results.put(
            "lateHorizon",
            new LateHorizonScenario(
                    bench.jar,
                    dir,
                    bench.kafka.bootstrapServers(),
                    (deployment, group) -> bench.props(deployment, endpoint, group, "4"))
                .run(moto.endpoint()));
      }
      if (all || only.equals("watched")) {
        results.put(
            Boolean.getBoolean("bench.watched.before") ? "watchedBefore" : "watched",
            new WatchedScenario(
                    bench.jar,
                    bench.pushJar,
                    dir,
                    bench.kafka.bootstrapServers(),
                    (deployment, group) -> bench.props(deployment, endpoint, group, "4"))
                .run(moto.endpoint()));
      }
    } finally {
      moto.stop();
      bench.kafka.stop();
    }
  }

  /** Pipeline cost: a backlog from the synthetic source, published in transactions of one page. */
  private Map<String, Object> synthetic(long total) throws Exception {
    String group = "bench-synthetic";
    try (SyntheticLogsServer source = new SyntheticLogsServer(group, total, 100, 4);
        ServiceProcess ingest =
            new ServiceProcess(
                jar,
                dir,
                "ingest-synthetic",
                props("synthetic", source.endpoint(), group, "100"))) {
      double[] first = awaitEvents(ingest, group, 1, 120_000);
      double[] last = awaitEvents(ingest, group, total, 300_000);
      double rate = (last[1] - first[1]) / ((last[0] - first[0]) / 1000d);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("events", total);
      r.put("eventBytes", 200);
      r.put("pageSize", 10_000);
      r.put("transactions", (long) Math.ceil(total / 10_000d));
      r.put("eventsPerSecond", Math.round(rate));
      r.put("filterCalls", source.filterCalls.get());
      r.put("filterCallsPer10k", round(source.filterCalls.get() * 10_000d / total));
      return r;
    }
  }

  /**
   * One group written at about 6,000 events/s (two streams, PutLogEvents batches of 3,000) for 60 s
   * through moto, so that full pages are possible; 50,000 events 15 to 45 minutes old, written
   * before the service follows the group, give the late sweep (every 30 s here) a range to read.
   */
  private Map<String, Object> motoHotGroup(URI moto, String group, String readDelay)
      throws Exception {
    try (CloudWatchLogsClient logs =
        MotoServer.configure(CloudWatchLogsClient.builder(), moto).build()) {
      logs.createLogGroup(b -> b.logGroupName(group));
      List<String> streams = List.of("s1", "s2");
      streams.forEach(s -> logs.createLogStream(b -> b.logGroupName(group).logStreamName(s)));
      long old = System.currentTimeMillis() - 45 * 60_000L;
      for (int i = 0; i < 5; i++) {
        putBatch(logs, group, List.of("s1"), 10_000, old + i * 6 * 60_000L, 1_000);
      }
      Map<String, String> props = props(group, moto.toString(), group, "4");
      props.put("etherwatch.ingest.read-delay", readDelay);
      props.put("etherwatch.ingest.sweep-interval", "30s");
      props.put("etherwatch.ingest.late-sweep-interval", "30s");
      try (ServiceProcess ingest = new ServiceProcess(jar, dir, "ingest-" + group, props)) {
        putBatch(logs, group, streams, 1, 1_000);
        awaitEvents(ingest, group, 2, 60_000);
        try (LatencyProbe probe =
            new LatencyProbe(kafka.bootstrapServers(), List.of(TOPICS.topic(group)))) {
          double frequent0 = ingest.sum("etherwatch_ingest_api_calls_total", "read=\"frequent\"");
          double sweep0 = ingest.sum("etherwatch_ingest_api_calls_total", "read=\"sweep\"");
          double late0 = ingest.sum("etherwatch_ingest_api_calls_total", "read=\"late-sweep\"");
          double lateSweeps0 = ingest.sum("etherwatch_ingest_polls_total", "read=\"late-sweep\"");
          double events0 = ingest.sum("etherwatch_ingest_events_total", group(group));
          long written = 0;
          long start = System.currentTimeMillis();
          long end = start + 60_000;
          for (long tick = start; tick < end; tick += 1_000) {
            putBatch(logs, group, streams, 3_000, 1_000);
            written += 6_000;
            Thread.sleep(Math.max(0, tick + 1_000 - System.currentTimeMillis()));
          }
          double seconds = (System.currentTimeMillis() - start) / 1000d;
          double[] done = awaitEvents(ingest, group, events0 + written, 180_000);
          double frequent =
              ingest.sum("etherwatch_ingest_api_calls_total", "read=\"frequent\"") - frequent0;
          double sweep = ingest.sum("etherwatch_ingest_api_calls_total", "read=\"sweep\"") - sweep0;
          double late =
              ingest.sum("etherwatch_ingest_api_calls_total", "read=\"late-sweep\"") - late0;
          double lateSweeps =
              ingest.sum("etherwatch_ingest_polls_total", "read=\"late-sweep\"") - lateSweeps0;
          long[] latency = probe.summary();
          Map<String, Object> r = new LinkedHashMap<>();
          r.put("readDelay", readDelay);
          r.put("eventsWritten", written);
          r.put("eventsPublished", (long) (done[1] - events0));
          r.put("writeRatePerSecond", Math.round(written / seconds));
          r.put("putBatch", 3_000);
          r.put("frequentCalls", (long) frequent);
          r.put("sweepCalls", (long) sweep);
          r.put("lateSweepCalls", (long) late);
          r.put("lateSweeps", (long) lateSweeps);
          r.put("frequentCallsPer10k", round(frequent * 10_000 / written));
          r.put("sweepCallsPer10k", round(sweep * 10_000 / written));
          r.put("lateSweepCallsPer10k", round(late * 10_000 / written));
          r.put("sweepInterval", "30s");
          r.put("lateSweepInterval", "30s");
          r.put("lateHorizon", "1h");
          r.put("oldEventsInLateRange", 50_000);
          r.put("latencyP50Ms", latency[0]);
          r.put("latencyP99Ms", latency[1]);
          r.put("latencyMaxMs", latency[2]);
          return r;
        }
      }
    }
  }

  /** {@code count} groups of which {@code hot} get 20 events/s each; the rest are idle. */
  private Map<String, Object> groups(URI moto, int count, int hot) throws Exception {
    String prefix = "bench-g" + count + "-";
    List<String> groups = new ArrayList<>();
    try (CloudWatchLogsClient logs =
        MotoServer.configure(CloudWatchLogsClient.builder(), moto).build()) {
      for (int i = 0; i < count; i++) {
        String g = prefix + i;
        groups.add(g);
        logs.createLogGroup(b -> b.logGroupName(g));
        logs.createLogStream(b -> b.logGroupName(g).logStreamName("s"));
      }
      List<String> hotGroups = groups.subList(0, hot);
      try (ServiceProcess ingest =
          new ServiceProcess(
              jar,
              dir,
              "ingest-g" + count,
              props("g" + count, moto.toString(), prefix + "*", "4"))) {
        for (String g : hotGroups) {
          putBatch(logs, g, List.of("s"), 1, 250);
        }
        for (String g : hotGroups) {
          awaitEvents(ingest, g, 1, 120_000);
        }
        List<String> topics = hotGroups.stream().map(TOPICS::topic).toList();
        try (LatencyProbe probe = new LatencyProbe(kafka.bootstrapServers(), topics)) {
          Map<String, Double> polls0 = polls(ingest, groups);
          double calls0 = ingest.sum("etherwatch_ingest_api_calls_total", "");
          long window = 60_000;
          long start = System.currentTimeMillis();
          while (System.currentTimeMillis() < start + window) {
            for (String g : hotGroups) {
              putBatch(logs, g, List.of("s"), 5, 250);
            }
            Thread.sleep(250);
          }
          Map<String, Double> polls1 = polls(ingest, groups);
          double calls = ingest.sum("etherwatch_ingest_api_calls_total", "") - calls0;
          Thread.sleep(5_000);
          long[] latency = probe.summary();
          double hotPolls = 0;
          double idlePolls = 0;
          for (String g : groups) {
            double d = polls1.get(g) - polls0.get(g);
            if (hotGroups.contains(g)) {
              hotPolls += d;
            } else {
              idlePolls += d;
            }
          }
          Map<String, Object> r = new LinkedHashMap<>();
          r.put("groups", count);
          r.put("hotGroups", hot);
          r.put("apiCallsPerSecond", round(calls / (window / 1000d)));
          r.put("hotGroupReadEverySeconds", round(hot * (window / 1000d) / Math.max(1, hotPolls)));
          r.put(
              "idleGroupReadEverySeconds",
              count == hot
                  ? null
                  : round((count - hot) * (window / 1000d) / Math.max(1, idlePolls)));
          r.put("latencyP50Ms", latency[0]);
          r.put("latencyP99Ms", latency[1]);
          r.put("latencyMaxMs", latency[2]);
          r.put("latencySamples", latency[3]);
          return r;
        }
      }
    }
  }

  Map<String, String> props(String deployment, String endpoint, String groups, String tps) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    p.put("etherwatch.aws.endpoint-override", endpoint);
    p.put("etherwatch.ingest.groups", groups);
    p.put("etherwatch.ingest.budget.calls-per-second", tps);
    p.put("etherwatch.ingest.budget.burst", tps);
    p.put("etherwatch.ingest.kafka.coordination-group", "bench-" + deployment);
    p.put("etherwatch.ingest.kafka.transactional-id-prefix", "bench-" + deployment);
    p.put("etherwatch.ingest.kafka.session-timeout", "6s");
    return p;
  }

  static void putBatch(
      CloudWatchLogsClient logs, String group, List<String> streams, int n, long spreadMillis) {
    putBatch(logs, group, streams, n, System.currentTimeMillis(), spreadMillis);
  }

  /**
   * {@code n} events per stream (one PutLogEvents call each, ≤ 10,000), their timestamps spread
   * evenly over the {@code spreadMillis} before {@code timestamp} (the time since the previous
   * batch), as an agent that flushes that often sends them.
   */
  static void putBatch(
      CloudWatchLogsClient logs,
      String group,
      List<String> streams,
      int n,
      long timestamp,
      long spreadMillis) {
    for (String s : streams) {
      List<InputLogEvent> events = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        events.add(
            InputLogEvent.builder()
                .timestamp(timestamp - spreadMillis + (i + 1) * spreadMillis / n)
                .message("bench " + s + " " + i + " " + "y".repeat(180))
                .build());
      }
      logs.putLogEvents(b -> b.logGroupName(group).logStreamName(s).logEvents(events));
    }
  }

  private static Map<String, Double> polls(ServiceProcess ingest, List<String> groups) {
    Map<String, Double> polls = new LinkedHashMap<>();
    for (String g : groups) {
      polls.put(g, ingest.sum("etherwatch_ingest_polls_total", group(g)));
    }
    return polls;
  }

  static String group(String g) {
    return "group=\"" + g + "\"";
  }

  /** Waits until the group's published events reach {@code n}; returns {time ms, count}. */
  static double[] awaitEvents(ServiceProcess ingest, String group, double n, long timeoutMs)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < deadline) {
      double count = ingest.sum("etherwatch_ingest_events_total", group(group));
      if (count >= n) {
        return new double[] {System.currentTimeMillis(), count};
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        group + ": fewer than " + n + " events within " + timeoutMs + " ms");
  }

  static double round(double v) {
    return Math.round(v * 100) / 100d;
  }

  static Map<String, Object> machine() {
    Map<String, Object> m = Machine.describe();
    m.put("serviceHeap", "-Xmx512m");
    return m;
  }
}
