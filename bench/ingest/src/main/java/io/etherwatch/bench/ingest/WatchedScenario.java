package io.etherwatch.bench.ingest;

import static io.etherwatch.bench.ingest.IngestBench.awaitEvents;
import static io.etherwatch.bench.ingest.IngestBench.round;

import io.etherwatch.bench.common.LatencyProbe;
import io.etherwatch.bench.common.LiveTail;
import io.etherwatch.bench.common.Machine;
import io.etherwatch.bench.common.Receipts;
import io.etherwatch.logevent.TopicNames;
import io.etherwatch.testsupport.MotoServer;
import io.etherwatch.testsupport.TestTokens;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/**
 * Issue 14, "Live means live": PutLogEvents → WebSocket latency for watched log groups, with
 * log-ingest-service and push-service as packaged apps, a real broker and moto, at the default
 * budget (4 calls/s) and every other ingest key at its default. One ingest process follows {@value
 * #GROUPS} groups ({@value #PREFIX}000…099); each event carries a sequence number and its write
 * time in its message, and its latency is the first receipt minus the moment its PutLogEvents call
 * returned, at a WebSocket subscriber (watched groups) and at a read_committed Kafka consumer
 * (every measured group: the unwatched reference, measured as the other sections of this benchmark
 * are).
 *
 * <ol>
 *   <li>Setup: one event in every group, all published, so that every group has been read and has
 *       its topic. Then the case (a) groups stay idle for {@value #IDLE_MILLIS} ms, while (c) and
 *       (b) run.
 *   <li>Case (c): 005–009 (watched, the only watched groups) and 010–012 (unwatched) written at
 *       {@value #STEADY_PER_SECOND} events/s for {@value #STEADY_MILLIS} ms; the other groups idle.
 *       Their subscriptions end with the case.
 *   <li>Case (b): group 000 is subscribed (watched from here to its burst, which reads it exactly
 *       as if it had been watched all its idle time: a watched group is read every interval
 *       whatever it did before), then 003 (watched) and 004 (unwatched) are written at the same
 *       rate and for as long.
 *   <li>{@value #LATE_SUBSCRIBE_MILLIS} ms before the burst 001 is subscribed (the new
 *       user: subscribe, then something starts); 002 never is.
 *   <li>Case (a): a burst on 000, 001 and 002, {@value #BURST_STREAMS} streams × {@value
 *       #BURST_EVENTS} events each over {@value #BURST_MILLIS} ms (one PutLogEvents call per stream
 *       a second, as an agent flushing every second).
 * </ol>
 *
 * <p>Each phase waits (at most {@value #DRAIN_MILLIS} ms) until its events arrived everywhere, and
 * reports its API calls: FilterLogEvents calls per 10,000 events written and all calls per second
 * from {@code etherwatch_ingest_api_calls_total}, against the budget.
 */
final class WatchedScenario {
  static final String PREFIX = "bench-watched-";
  static final int GROUPS = 100;
  static final long IDLE_MILLIS = 300_000;
  static final long LATE_SUBSCRIBE_MILLIS = 5_000;
  static final int STEADY_PER_SECOND = 10;
  static final long STEADY_MILLIS = 60_000;
  static final int BURST_STREAMS = 3;
  static final int BURST_EVENTS = 100;
  static final long BURST_MILLIS = 10_000;
  static final long DRAIN_MILLIS = 90_000;
  static final double BUDGET = 4;

  private static final TopicNames TOPICS = new TopicNames(TopicNames.DEFAULT_PATTERN);

  private final Path ingestJar;
  private final Path pushJar;
  private final Path dir;
  private final String bootstrap;
  private final BiFunction<String, String, Map<String, String>> props;
  private final Receipts socket = new Receipts();
  private final Receipts kafka = new Receipts();
  private final Map<String, AtomicLong> seqs = new ConcurrentHashMap<>();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong gaps = new AtomicLong();

  /**
   * @param props log-ingest-service's properties for a deployment name and a group selection
   */
  WatchedScenario(
      Path ingestJar,
      Path pushJar,
      Path dir,
      String bootstrap,
      BiFunction<String, String, Map<String, String>> props) {
    this.ingestJar = ingestJar;
    this.pushJar = pushJar;
    this.dir = dir;
    this.bootstrap = bootstrap;
    this.props = props;
  }

  static String group(int i) {
    return PREFIX + String.format("%03d", i);
  }

  private static List<String> groups(int from, int to) {
    List<String> g = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      g.add(group(i));
    }
    return g;
  }

  Map<String, Object> run(URI moto) throws Exception {
    String idleWatched = group(0);
    String idleLate = group(1);
    String idleUnwatched = group(2);
    String steadyWatched = group(3);
    String steadyUnwatched = group(4);
    List<String> manyWatched = groups(5, 9);
    List<String> manyUnwatched = groups(10, 12);
    List<String> burst = List.of(idleWatched, idleLate, idleUnwatched);
    List<String> measured = groups(0, 12);
    List<String> streams = List.of("s1", "s2", "s3");

    Map<String, Object> r = new LinkedHashMap<>();
    r.put("date", Instant.now().toString());
    r.put("machine", IngestBench.machine());
    r.put("commit", System.getProperty("bench.commit", "unknown"));
    r.put("loadAverageAtStart", Machine.loadAverage());
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("budgetCallsPerSecond", BUDGET);
    settings.put("followedGroups", GROUPS);
    settings.put("idleSeconds", IDLE_MILLIS / 1000);
    settings.put("lateSubscribeSecondsBeforeBurst", LATE_SUBSCRIBE_MILLIS / 1000);
    settings.put("burst", BURST_STREAMS + " streams × " + BURST_EVENTS + " events");
    settings.put("burstSeconds", BURST_MILLIS / 1000);
    settings.put("steadyEventsPerSecond", STEADY_PER_SECOND);
    settings.put("steadySeconds", STEADY_MILLIS / 1000);
    r.put("settings", settings);

    try (CloudWatchLogsClient logs =
        MotoServer.configure(CloudWatchLogsClient.builder(), moto).build()) {
      for (int i = 0; i < GROUPS; i++) {
        String g = group(i);
        logs.createLogGroup(b -> b.logGroupName(g));
        for (String s : burst.contains(g) ? streams : List.of("s1")) {
          logs.createLogStream(b -> b.logGroupName(g).logStreamName(s));
        }
      }
      Path cursorKey = dir.resolve("push-cursor.key");
      byte[] key = new byte[48];
      new SecureRandom().nextBytes(key);
      Files.writeString(cursorKey, Base64.getEncoder().encodeToString(key));
      Map<String, String> push = new LinkedHashMap<>();
      push.put("kafka.bootstrap.servers", bootstrap);
      push.put("mp.jwt.verify.publickey.location", TestTokens.jwksFile().toUri().toString());
      push.put("etherwatch.aws.endpoint-override", moto.toString());
      push.put("etherwatch.push.cursor-key-file", cursorKey.toString());
      String token = TestTokens.token("bench", Set.of("viewer"), List.of(PREFIX + "*"));
      try (ServiceProcess ingest =
              new ServiceProcess(
                  ingestJar, dir, "ingest-watched", props.apply("watched", PREFIX + "*"));
          ServiceProcess pushService = new ServiceProcess(pushJar, dir, "push-watched", push)) {
        // Setup: every group read once and its topic made (seq 0, not measured).
        for (int i = 0; i < GROUPS; i++) {
          write(logs, group(i), List.of("s1"), 1);
        }
        long idleFrom = System.currentTimeMillis();
        for (int i = 0; i < GROUPS; i++) {
          awaitEvents(ingest, group(i), 1, 240_000);
        }
        r.put("setupSeconds", round((System.currentTimeMillis() - idleFrom) / 1000d));
        say("setup done: " + GROUPS + " groups read once; idle time runs");
        List<String> topics = measured.stream().map(TOPICS::topic).toList();
        try (LatencyProbe probe =
            new LatencyProbe(
                bootstrap, topics, (e, at) -> kafka.received(e.logGroupName(), e.message(), at))) {
          Map<String, Object> phases = new LinkedHashMap<>();
          Snapshot runStart = new Snapshot(ingest);
          long setupEvents = written.get();

          // (c) first, so that exactly 5 groups are watched: 5 watched and 3 unwatched written.
          List<LiveTail> tails = new ArrayList<>();
          try {
            for (String g : manyWatched) {
              tails.add(new LiveTail(pushService.port(), token, g, socket));
            }
            List<String> many = new ArrayList<>(manyWatched);
            many.addAll(manyUnwatched);
            phases.put("many", steady(logs, ingest, many, manyWatched));
          } finally {
            for (LiveTail tail : tails) {
              gaps.addAndGet(tail.gaps());
              tail.close();
            }
          }
          say("(c) 5 watched of 100 done");
          // The idle group of (a) watched from here to its burst: at most 3 watched groups from now
          // on, each read at watched-interval (a 4th would stretch it).
          try (LiveTail watchIdle = new LiveTail(pushService.port(), token, idleWatched, socket)) {
            long watchedFrom = System.currentTimeMillis();
            // (b) a steadily written watched group, and its unwatched twin.
            try (LiveTail tail = new LiveTail(pushService.port(), token, steadyWatched, socket)) {
              phases.put(
                  "steady",
                  steady(
                      logs,
                      ingest,
                      List.of(steadyWatched, steadyUnwatched),
                      List.of(steadyWatched)));
              gaps.addAndGet(tail.gaps());
            }
            say("(b) steady done; idle until the burst");
            // Nothing written until the burst: what watching an idle group costs.
            Snapshot idle = new Snapshot(ingest);
            sleepUntil(idleFrom + IDLE_MILLIS - LATE_SUBSCRIBE_MILLIS);
            try (LiveTail late = new LiveTail(pushService.port(), token, idleLate, socket)) {
              sleepUntil(idleFrom + IDLE_MILLIS);
              Snapshot burstStart = new Snapshot(ingest);
              phases.put("idle", idle.until(burstStart, 0));
              r.put("idleSecondsBeforeBurst", round((burstStart.at - idleFrom) / 1000d));
              r.put("watchedSecondsBeforeBurst", round((burstStart.at - watchedFrom) / 1000d));
              // (a) the burst on the three groups idle since setup.
              long before = written.get();
              long end = System.currentTimeMillis() + BURST_MILLIS;
              for (long tick = System.currentTimeMillis(); tick < end; tick += 1_000) {
                for (String g : burst) {
                  write(logs, g, streams, BURST_EVENTS * 1_000 / (int) BURST_MILLIS);
                }
                sleepUntil(tick + 1_000);
              }
              drain(burst, List.of(idleWatched, idleLate));
              phases.put("burst", burstStart.until(new Snapshot(ingest), written.get() - before));
              r.put("socketGaps", gaps.get() + watchIdle.gaps() + late.gaps());
            }
          }
          say("(a) burst done");
          phases.put("run", runStart.until(new Snapshot(ingest), written.get() - setupEvents));
          r.put("phases", phases);
          r.put("loadAverageAtEnd", Machine.loadAverage());
          r.put(
              "cases",
              cases(
                  ((Number) r.get("watchedSecondsBeforeBurst")).doubleValue(),
                  idleWatched,
                  idleLate,
                  idleUnwatched,
                  steadyWatched,
                  steadyUnwatched,
                  manyWatched,
                  manyUnwatched));
          // Whatever the services say about watched groups (the meters issue 14 adds), as read.
          List<String> meters = new ArrayList<>(ingest.metricLines("watched"));
          meters.addAll(ingest.metricLines("etherwatch_ingest_read_interval"));
          meters.addAll(ingest.metricLines("etherwatch_ingest_reads"));
          r.put("ingestWatchedMeters", meters);
          r.put("pushWatchedMeters", pushService.metricLines("watched"));
        }
      }
    }
    return r;
  }

  /** The rows of the report: each case's watched and unwatched groups, at each reader. */
  private List<Object> cases(
      double watchedSeconds,
      String idleWatched,
      String idleLate,
      String idleUnwatched,
      String steadyWatched,
      String steadyUnwatched,
      List<String> manyWatched,
      List<String> manyUnwatched) {
    List<Object> rows = new ArrayList<>();
    rows.add(
        row(
            "a",
            "idle 5 min, then a burst",
            "watched for the last " + Math.round(watchedSeconds) + " s of it",
            List.of(idleWatched),
            true));
    rows.add(
        row(
            "a",
            "idle 5 min, then a burst",
            "subscribed 5 s before the burst",
            List.of(idleLate),
            true));
    rows.add(row("a", "idle 5 min, then a burst", "unwatched", List.of(idleUnwatched), false));
    rows.add(row("b", "10 events/s for 60 s", "watched", List.of(steadyWatched), true));
    rows.add(row("b", "10 events/s for 60 s", "unwatched", List.of(steadyUnwatched), false));
    rows.add(row("c", "5 of 100 written and watched", "watched (5 groups)", manyWatched, true));
    rows.add(row("c", "3 of 100 written, unwatched", "unwatched (3 groups)", manyUnwatched, false));
    return rows;
  }

  private Map<String, Object> row(
      String id, String load, String watching, List<String> groups, boolean watched) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("case", id);
    row.put("load", load);
    row.put("watching", watching);
    row.put("groups", groups);
    row.put("webSocket", watched ? socket.summary(groups, 1) : null);
    row.put("kafka", kafka.summary(groups, 1));
    return row;
  }

  /**
   * {@code groups} written at {@value #STEADY_PER_SECOND} events/s each (one PutLogEvents call a
   * second) for {@value #STEADY_MILLIS} ms, after the subscriptions of {@code watched} had 3 s to
   * be announced; then drained.
   */
  private Map<String, Object> steady(
      CloudWatchLogsClient logs, ServiceProcess ingest, List<String> groups, List<String> watched)
      throws Exception {
    Thread.sleep(3_000);
    Snapshot start = new Snapshot(ingest);
    long before = written.get();
    long end = System.currentTimeMillis() + STEADY_MILLIS;
    for (long tick = System.currentTimeMillis(); tick < end; tick += 1_000) {
      for (String g : groups) {
        write(logs, g, List.of("s1"), STEADY_PER_SECOND);
      }
      sleepUntil(tick + 1_000);
    }
    drain(groups, watched);
    return start.until(new Snapshot(ingest), written.get() - before);
  }

  /**
   * {@code n} numbered events per stream, one PutLogEvents call each, spread over the last second.
   */
  private void write(CloudWatchLogsClient logs, String group, List<String> streams, int n) {
    AtomicLong seq = seqs.computeIfAbsent(group, g -> new AtomicLong());
    for (String s : streams) {
      long now = System.currentTimeMillis();
      List<InputLogEvent> events = new ArrayList<>(n);
      List<Long> numbers = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        long number = seq.getAndIncrement();
        numbers.add(number);
        events.add(
            InputLogEvent.builder()
                .timestamp(now - 1_000 + (i + 1) * 1_000L / n)
                .message(Receipts.message(number, now))
                .build());
      }
      logs.putLogEvents(b -> b.logGroupName(group).logStreamName(s).logEvents(events));
      long returned = System.currentTimeMillis();
      for (long number : numbers) {
        socket.wrote(group, number, returned);
        kafka.wrote(group, number, returned);
      }
      written.addAndGet(n);
    }
  }

  /**
   * Waits until every event written to {@code groups} is in Kafka and, for {@code watched}, on the
   * socket.
   */
  private void drain(List<String> groups, List<String> watched) throws InterruptedException {
    long until = System.currentTimeMillis() + DRAIN_MILLIS;
    while (System.currentTimeMillis() < until
        && (kafka.missing(groups) > 0 || socket.missing(watched) > 0)) {
      Thread.sleep(200);
    }
    // Late duplicates, if any, have a moment to show.
    Thread.sleep(2_000);
  }

  private static void say(String what) {
    System.out.println(Instant.now() + " watched: " + what);
  }

  private static void sleepUntil(long millis) throws InterruptedException {
    Thread.sleep(Math.max(0, millis - System.currentTimeMillis()));
  }

  /** The API call counters at one moment. */
  private static final class Snapshot {
    final long at = System.currentTimeMillis();
    final double calls;
    final double filterCalls;

    Snapshot(ServiceProcess ingest) {
      calls = ingest.sum("etherwatch_ingest_api_calls_total", "");
      filterCalls =
          ingest.sum("etherwatch_ingest_api_calls_total", "operation=\"FilterLogEvents\"");
    }

    /** Seconds, events written, FilterLogEvents calls per 10,000 events, API calls per second. */
    Map<String, Object> until(Snapshot end, long events) {
      double seconds = (end.at - at) / 1000d;
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("seconds", round(seconds));
      p.put("eventsWritten", events);
      p.put("filterCalls", (long) (end.filterCalls - filterCalls));
      p.put(
          "filterCallsPer10k",
          events == 0 ? null : round((end.filterCalls - filterCalls) * 10_000 / events));
      p.put("apiCallsPerSecond", round((end.calls - calls) / seconds));
      p.put("budgetCallsPerSecond", BUDGET);
      return p;
    }
  }
}
