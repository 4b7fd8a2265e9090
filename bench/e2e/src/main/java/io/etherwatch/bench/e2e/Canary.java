package io.etherwatch.bench.e2e;

import io.etherwatch.bench.common.LatencyProbe;
import io.etherwatch.bench.common.LiveTail;
import io.etherwatch.bench.common.Machine;
import io.etherwatch.bench.common.Receipts;
import io.etherwatch.logevent.TopicNames;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.RejectedLogEventsInfo;

/**
 * The end-to-end canary (issue 15 item 5, DESIGN section 10), after Grafana Loki's canary: numbered
 * events, each message {@code ewbench seq=<n> put <ms> …}, written through PutLogEvents to a
 * running stack (moto behind it), one call per stream a second as an agent flushing every second,
 * and read on WebSocket subscriptions to push-service ({@code Authorization: Bearer} with a token
 * from auth-service, one socket per group, every stream). Each event's latency is its first receipt
 * minus the moment its PutLogEvents call returned; the same events are also read by a
 * read_committed Kafka consumer of the groups' topics (the reference: what is left is
 * push-service's share). Sequence numbers are per stream, so order is judged per stream.
 *
 * <p>Cases, every group subscribed (watched, issue 14) before its first event:
 *
 * <ol>
 *   <li>(a) steady: {@code groups} groups × {@code streams} streams at {@code rate} events/s each,
 *       for {@code duration} seconds;
 *   <li>(b) idle before a burst: one group made and subscribed at the start and first written after
 *       {@code quiet} seconds; one group made only then (subscribed as soon as push-service knows
 *       it); both take a burst of {@code burstRate} events/s per stream for {@value #BURST_SECONDS}
 *       s;
 *   <li>(c) late: two groups written as (a), with timestamps {@value #LATE_30S_MILLIS} ms and
 *       {@value #LATE_2M_MILLIS} ms old (agents that buffer).
 * </ol>
 *
 * <p>When writing ends, the run waits at most {@code drain} seconds until every event written
 * reached both readers, then {@value #DUPLICATE_GRACE_MILLIS} ms more for duplicates: an event not
 * received by then counts as missing.
 */
final class Canary {
  static final long LATE_30S_MILLIS = 30_000;
  static final long LATE_2M_MILLIS = 120_000;
  static final int BURST_SECONDS = 10;
  static final long DUPLICATE_GRACE_MILLIS = 5_000;
  static final long DEMO_WAIT_MILLIS = 60_000;

  /** The run's settings (seconds and events per second). */
  record Settings(
      int groups, int streams, int rate, int duration, int quiet, int burstRate, int drain) {
    /** As the report names them. */
    Map<String, Object> asMap() {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("groups", groups);
      s.put("streamsPerGroup", streams);
      s.put("eventsPerSecondPerStream", rate);
      s.put("durationSeconds", duration);
      s.put("quietSeconds", quiet);
      s.put("burstEventsPerSecondPerStream", burstRate);
      s.put("burstSeconds", BURST_SECONDS);
      s.put("drainLimitSeconds", drain);
      s.put("duplicateGraceSeconds", DUPLICATE_GRACE_MILLIS / 1000);
      return s;
    }
  }

  /** Where the stack answers: moto, auth-service, push-service, log-ingest-service, Kafka. */
  record Stack(URI moto, URI auth, int pushPort, URI ingest, String bootstrap, String password) {}

  private static final TopicNames TOPICS = new TopicNames(TopicNames.DEFAULT_PATTERN);

  private final Settings settings;
  private final Stack stack;
  private final String prefix;
  private final Receipts socket = new Receipts();
  private final Receipts kafka = new Receipts();
  private final Map<String, AtomicLong> seqs = new ConcurrentHashMap<>();
  private final Map<String, Long> lastTimestamps = new ConcurrentHashMap<>();
  private final AtomicLong putCalls = new AtomicLong();
  private final AtomicLong putFailures = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong lateTicks = new AtomicLong();
  private final List<LiveTail> tails = new ArrayList<>();

  Canary(Settings settings, Stack stack) {
    this.settings = settings;
    this.stack = stack;
    this.prefix =
        "bench-e2e-"
            + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(ZoneOffset.UTC)
                .format(Instant.now());
  }

  private List<String> streams() {
    List<String> s = new ArrayList<>();
    for (int i = 0; i < settings.streams(); i++) {
      s.add("s" + i);
    }
    return s;
  }

  private List<String> series(List<String> groups) {
    List<String> s = new ArrayList<>();
    for (String g : groups) {
      for (String stream : streams()) {
        s.add(LiveTail.series(g, stream));
      }
    }
    return s;
  }

  Map<String, Object> run() throws Exception {
    List<String> steady = new ArrayList<>();
    for (int i = 0; i < settings.groups(); i++) {
      steady.add(prefix + "-steady-" + i);
    }
    String idle = prefix + "-idle";
    String created = prefix + "-new";
    String late30 = prefix + "-late-30s";
    String late2m = prefix + "-late-2m";
    List<String> all = new ArrayList<>(steady);
    all.addAll(List.of(idle, created, late30, late2m));

    Map<String, Object> r = new LinkedHashMap<>();
    r.put("date", Instant.now().toString());
    r.put("machine", Machine.describe());
    r.put("commit", System.getProperty("bench.commit", "unknown"));
    r.put("stack", System.getProperty("bench.stack", "unknown"));
    r.put("loadAverageAtStart", Machine.loadAverage());
    Map<String, Object> s = settings.asMap();
    s.put("groupPrefix", prefix);
    r.put("settings", s);

    Http http = new Http();
    String token = http.token(stack.auth(), "admin", stack.password());
    try (LoadSampler load = new LoadSampler();
        CloudWatchLogsClient logs = logs(stack.moto())) {
      r.put("demoGroups", demoGroups(logs));
      for (String g : all) {
        if (!g.equals(created)) {
          make(logs, g);
        }
      }
      List<String> topics = all.stream().map(TOPICS::topic).toList();
      try (LatencyProbe probe =
          new LatencyProbe(
              stack.bootstrap(),
              topics,
              (e, at) ->
                  kafka.received(
                      LiveTail.series(e.logGroupName(), e.logStreamName()), e.message(), at))) {
        for (String g : all) {
          if (!g.equals(created)) {
            tails.add(subscribe(token, g));
          }
        }
        // The announcement of the watched groups reaches log-ingest-service through Kafka.
        Thread.sleep(3_000);
        say("subscribed to " + tails.size() + " groups; writing for " + settings.duration() + " s");
        long start = System.currentTimeMillis();
        Map<String, Object> status = new LinkedHashMap<>();
        Thread burst =
            new Thread(
                () -> {
                  try {
                    sleepUntil(start + settings.quiet() * 1_000L);
                    make(logs, created);
                    tails.add(subscribe(token, created));
                    say("(b) burst on " + idle + " and " + created);
                    status.put("atBurst", http.get(stack.ingest().resolve("/api/ingest/status")));
                    long from = System.currentTimeMillis();
                    for (int t = 0; t < BURST_SECONDS; t++) {
                      long tick = from + t * 1_000L;
                      for (String g : List.of(idle, created)) {
                        write(logs, g, settings.burstRate(), 0);
                      }
                      tick(tick);
                    }
                  } catch (Exception e) {
                    throw new IllegalStateException("the burst failed", e);
                  }
                },
                "burst");
        burst.start();
        // One writer per group, so that a slow call (a loaded machine) delays only its group.
        Map<String, Long> lags = new LinkedHashMap<>();
        steady.forEach(g -> lags.put(g, 0L));
        lags.put(late30, LATE_30S_MILLIS);
        lags.put(late2m, LATE_2M_MILLIS);
        ExecutorService writers = Executors.newFixedThreadPool(lags.size());
        try {
          for (int t = 0; t < settings.duration(); t++) {
            long tick = start + t * 1_000L;
            List<Future<?>> calls = new ArrayList<>();
            lags.forEach(
                (g, lag) -> calls.add(writers.submit(() -> write(logs, g, settings.rate(), lag))));
            for (Future<?> call : calls) {
              call.get();
            }
            tick(tick);
          }
        } finally {
          writers.shutdown();
        }
        burst.join();
        long drainFrom = System.currentTimeMillis();
        r.put("writeSeconds", round((drainFrom - start) / 1000d));
        say("writing done; draining (at most " + settings.drain() + " s)");
        List<String> everything = series(all);
        long until = drainFrom + settings.drain() * 1_000L;
        while (System.currentTimeMillis() < until
            && (kafka.missing(everything) > 0 || socket.missing(everything) > 0)) {
          Thread.sleep(200);
        }
        r.put("drainWaitedSeconds", round((System.currentTimeMillis() - drainFrom) / 1000d));
        Thread.sleep(DUPLICATE_GRACE_MILLIS);
        status.put("atEnd", http.get(stack.ingest().resolve("/api/ingest/status")));
        r.put("ingestStatus", status);
        r.put("loadAverageAtEnd", Machine.loadAverage());
        r.put("loadDuringRun", load.summary());
        r.put("putLogEventsCalls", putCalls.get());
        r.put("putLogEventsFailures", putFailures.get());
        r.put("rejectedEvents", rejected.get());
        r.put("writeTicksOverrun", lateTicks.get());
        long gaps = 0;
        List<String> closed = new ArrayList<>();
        for (LiveTail tail : tails) {
          gaps += tail.gaps();
          if (tail.closedWith() != null) {
            closed.add(tail.closedWith());
          }
        }
        r.put("gapFrames", gaps);
        r.put("socketsClosedByServer", closed);
        r.put("foreignMessages", socket.foreign() + kafka.foreign());
        r.put(
            "cases",
            List.of(
                row("a", "steady", steady.size() + " groups, watched before writing", steady),
                row("b", "idle", "made at the start, first written after the quiet time", idle),
                row("b", "new", "made after the quiet time, then subscribed and written", created),
                row("c", "late 30 s", "timestamps 30 s old", late30),
                row("c", "late 2 min", "timestamps 2 min old", late2m)));
      } finally {
        for (LiveTail tail : tails) {
          tail.close();
        }
      }
    }
    return r;
  }

  private Map<String, Object> row(String id, String name, String what, String group) {
    return row(id, name, what, List.of(group));
  }

  private Map<String, Object> row(String id, String name, String what, List<String> groups) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("case", id);
    row.put("name", name);
    row.put("what", what);
    row.put("groups", groups);
    row.put("webSocket", socket.summary(series(groups), 0));
    row.put("kafka", kafka.summary(series(groups), 0));
    return row;
  }

  private void make(CloudWatchLogsClient logs, String group) {
    logs.createLogGroup(b -> b.logGroupName(group));
    for (String stream : streams()) {
      logs.createLogStream(b -> b.logGroupName(group).logStreamName(stream));
    }
  }

  /**
   * A subscription to every stream of {@code group}; push-service may not know a group made a
   * moment ago (it answers {@code not_found}), so a refusal is retried for 30 s.
   */
  private LiveTail subscribe(String token, String group) throws Exception {
    long until = System.currentTimeMillis() + 30_000;
    while (true) {
      try {
        return new LiveTail(stack.pushPort(), token, group, socket, true);
      } catch (IllegalStateException e) {
        if (System.currentTimeMillis() > until) {
          throw e;
        }
        Thread.sleep(500);
      }
    }
  }

  /**
   * One PutLogEvents call per stream of {@code group} with {@code n} numbered events, their
   * timestamps spread over the last second and {@code lagMillis} older than now, each after the
   * stream's previous one. Events the call refused are not counted as written.
   */
  private void write(CloudWatchLogsClient logs, String group, int n, long lagMillis) {
    for (String stream : streams()) {
      String key = LiveTail.series(group, stream);
      AtomicLong seq = seqs.computeIfAbsent(key, k -> new AtomicLong());
      long now = System.currentTimeMillis();
      List<InputLogEvent> events = new ArrayList<>(n);
      long first = seq.get();
      long previous = lastTimestamps.getOrDefault(key, Long.MIN_VALUE);
      for (int i = 0; i < n; i++) {
        // Spread over the last second, and after the stream's previous event: a stream's
        // timestamps rise with its sequence numbers, as an agent's lines do (CloudWatch orders a
        // stream by timestamp, so equal or falling ones would be 'out of order' by design).
        long timestamp = Math.max(now - lagMillis - 1_000 + (i + 1) * 1_000L / n, previous + 1);
        previous = timestamp;
        events.add(
            InputLogEvent.builder()
                .timestamp(timestamp)
                .message(Receipts.message(first + i, now))
                .build());
      }
      lastTimestamps.put(key, previous);
      putCalls.incrementAndGet();
      PutLogEventsResponse response;
      try {
        response =
            logs.putLogEvents(b -> b.logGroupName(group).logStreamName(stream).logEvents(events));
      } catch (RuntimeException e) {
        putFailures.incrementAndGet();
        say("PutLogEvents " + key + " failed: " + e);
        continue;
      }
      long returned = System.currentTimeMillis();
      seq.addAndGet(n);
      RejectedLogEventsInfo refused = response.rejectedLogEventsInfo();
      for (int i = 0; i < n; i++) {
        if (refused != null && refusedIndex(refused, i)) {
          rejected.incrementAndGet();
          continue;
        }
        socket.wrote(key, first + i, returned);
        kafka.wrote(key, first + i, returned);
      }
    }
  }

  /** Whether PutLogEvents refused the event at {@code i} (too new, too old or expired). */
  private static boolean refusedIndex(RejectedLogEventsInfo info, int i) {
    return (info.tooOldLogEventEndIndex() != null && i < info.tooOldLogEventEndIndex())
        || (info.expiredLogEventEndIndex() != null && i < info.expiredLogEventEndIndex())
        || (info.tooNewLogEventStartIndex() != null && i >= info.tooNewLogEventStartIndex());
  }

  /** Sleeps until a second after {@code tick}; counts the ticks whose calls took longer. */
  private void tick(long tick) throws InterruptedException {
    if (System.currentTimeMillis() > tick + 1_000) {
      lateTicks.incrementAndGet();
    }
    sleepUntil(tick + 1_000);
  }

  /**
   * The groups the demo traffic writes (etherwatch/… and /var/log/messages); up starts the demo
   * after its banner, so they are waited for, at most {@value #DEMO_WAIT_MILLIS} ms (none with
   * {@code up --no-demo}).
   */
  private static List<String> demoGroups(CloudWatchLogsClient logs) throws InterruptedException {
    long until = System.currentTimeMillis() + DEMO_WAIT_MILLIS;
    while (true) {
      List<String> demo =
          logs.describeLogGroupsPaginator(b -> b.limit(50)).logGroups().stream()
              .map(LogGroup::logGroupName)
              .filter(n -> !n.startsWith("bench-"))
              .toList();
      if (!demo.isEmpty() || System.currentTimeMillis() > until) {
        return demo;
      }
      Thread.sleep(1_000);
    }
  }

  static CloudWatchLogsClient logs(URI moto) {
    return CloudWatchLogsClient.builder()
        .endpointOverride(moto)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .build();
  }

  private static void sleepUntil(long millis) throws InterruptedException {
    Thread.sleep(Math.max(0, millis - System.currentTimeMillis()));
  }

  static double round(double v) {
    return Math.round(v * 100) / 100d;
  }

  static void say(String what) {
    System.out.println(Instant.now() + " e2e: " + what);
  }
}
