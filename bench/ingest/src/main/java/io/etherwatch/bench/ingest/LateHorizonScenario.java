package io.etherwatch.bench.ingest;

import static io.etherwatch.bench.ingest.IngestBench.awaitEvents;
import static io.etherwatch.bench.ingest.IngestBench.group;
import static io.etherwatch.bench.ingest.IngestBench.putBatch;
import static io.etherwatch.bench.ingest.IngestBench.round;

import com.fasterxml.jackson.databind.JsonNode;
import io.etherwatch.bench.common.LatencyProbe;
import io.etherwatch.logevent.TopicNames;
import io.etherwatch.testsupport.MotoServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.RejectedLogEventsInfo;

/**
 * What {@code late-horizon = 14d} costs against the default 1h (issue 13 §6), for a quiet group (6
 * events a minute) and a busy one (6,000 events/s, as the hot-group scenario), through moto under
 * the default budget (4 calls/s, burst 4). Each of the four runs has a group and a service process
 * of its own:
 *
 * <ol>
 *   <li>Before the service follows the group, its history is written: events that only the late
 *       sweep reads (older than the lookback window), ingested before the group was followed, so
 *       never counted as late. Quiet: one event every 10 s over the 14 days moto keeps (the whole
 *       history such a group has). Busy: 50,000 events 15 to 45 minutes old (as the hot-group
 *       scenario) and 200,000 spread over the older 14 days; a group this hot would hold 2,160
 *       pages an hour, more than moto holds, so this history is a sample and its calls per sweep
 *       are the calls for <em>this</em> history.
 *   <li>The group is written live for {@value #WINDOW_MILLIS} ms and timed PutLogEvents → Kafka
 *       (read_committed).
 *   <li>At the window's start {@value #LATE_EVENTS} events stamped 13 days ago are written to a
 *       stream of their own (an agent replaying its buffer), marked so that they are counted in the
 *       topic, not timed. Afterwards the run waits (at most {@value #SETTLE_MILLIS} ms) for two
 *       more late sweeps, so that one started after they were written.
 * </ol>
 *
 * <p>{@code late-sweep-interval} is {@value #LATE_SWEEP_INTERVAL} (10 min by default) so that a few
 * late sweeps fall in a minute; every other key keeps the service's default.
 */
final class LateHorizonScenario {
  static final String LATE_SWEEP_INTERVAL = "15s";
  static final long WINDOW_MILLIS = 60_000;
  static final long SETTLE_MILLIS = 90_000;
  static final int LATE_EVENTS = 100;
  static final long LATE_BY_MILLIS = 13 * 24 * 3_600_000L;
  static final String MARKER = "late13d ";
  static final double BUDGET = 4;

  private static final long MINUTE = 60_000;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  private static final long LOOKBACK = 5 * MINUTE;
  private static final long LATE_MARGIN = 5 * MINUTE;
  private static final TopicNames TOPICS = new TopicNames(TopicNames.DEFAULT_PATTERN);

  private final Path jar;
  private final Path dir;
  private final String bootstrap;
  private final BiFunction<String, String, Map<String, String>> props;

  /**
   * @param props the service's properties for a deployment name and a group selection
   */
  LateHorizonScenario(
      Path jar, Path dir, String bootstrap, BiFunction<String, String, Map<String, String>> props) {
    this.jar = jar;
    this.dir = dir;
    this.bootstrap = bootstrap;
    this.props = props;
  }

  /** The four runs and the settings they share. */
  Map<String, Object> run(URI moto) throws Exception {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("date", Instant.now().toString());
    r.put("machine", IngestBench.machine());
    r.put("commit", System.getProperty("bench.commit", "unknown"));
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("budgetCallsPerSecond", BUDGET);
    settings.put("budgetBurst", 4);
    settings.put("lateSweepInterval", LATE_SWEEP_INTERVAL);
    settings.put("lookback", "5m");
    settings.put("lateMargin", "5m");
    settings.put("sweepInterval", "1m");
    settings.put("windowSeconds", WINDOW_MILLIS / 1000);
    settings.put("lateEventsWritten", LATE_EVENTS);
    settings.put("lateEventsAgeDays", 13);
    r.put("settings", settings);
    List<Object> runs = new ArrayList<>();
    for (boolean busy : new boolean[] {false, true}) {
      for (String horizon : List.of("1h", "14d")) {
        runs.add(run(moto, busy, horizon));
      }
    }
    r.put("runs", runs);
    return r;
  }

  private Map<String, Object> run(URI moto, boolean busy, String horizon) throws Exception {
    String profile = busy ? "busy" : "quiet";
    String group = "bench-late-" + profile + "-" + horizon;
    List<String> streams = List.of("s1", "s2");
    try (CloudWatchLogsClient logs =
        MotoServer.configure(CloudWatchLogsClient.builder(), moto).build()) {
      logs.createLogGroup(b -> b.logGroupName(group));
      for (String s : List.of("s1", "s2", "replay")) {
        logs.createLogStream(b -> b.logGroupName(group).logStreamName(s));
      }
      long now = System.currentTimeMillis();
      // moto, like CloudWatch, refuses events older than 14 days: the history starts 1 h after.
      long oldest = now - 14 * DAY + HOUR;
      long[] history =
          busy
              ? concat(
                  spread(oldest, now - 2 * HOUR, 200_000),
                  spread(now - 45 * MINUTE, now - 15 * MINUTE, 50_000))
              : spread(oldest, now - 15 * MINUTE, (14 * DAY - HOUR - 15 * MINUTE) / 10_000);
      writeHistory(logs, group, "s1", history);
      // Live events before the service starts, so that its first read finds the group hot.
      putBatch(logs, group, streams, busy ? 3_000 : 1, 1_000);
      Map<String, String> p = props.apply("late-" + profile + "-" + horizon, group);
      p.put("etherwatch.ingest.late-horizon", horizon);
      p.put("etherwatch.ingest.late-sweep-interval", LATE_SWEEP_INTERVAL);
      try (ServiceProcess ingest = new ServiceProcess(jar, dir, "ingest-" + group, p)) {
        double[] first = awaitEvents(ingest, group, streams.size() * (busy ? 3_000 : 1), 120_000);
        try (LatencyProbe probe =
            new LatencyProbe(bootstrap, List.of(TOPICS.topic(group)), MARKER)) {
          double late0 = ingest.sum("etherwatch_ingest_api_calls_total", "read=\"late-sweep\"");
          double all0 = ingest.sum("etherwatch_ingest_api_calls_total", "");
          double sweeps0 = ingest.sum("etherwatch_ingest_polls_total", "read=\"late-sweep\"");
          double counted0 = ingest.sum("etherwatch_ingest_late_events_total", group(group));
          long start = System.currentTimeMillis();
          int accepted = writeLate(logs, group, start - LATE_BY_MILLIS);
          int stored = storedLate(logs, group, start - LATE_BY_MILLIS);
          long written = 0;
          long end = start + WINDOW_MILLIS;
          long tick = start;
          int i = 0;
          while (tick < end) {
            if (busy) {
              putBatch(logs, group, streams, 3_000, 1_000);
              written += 6_000;
              tick += 1_000;
            } else {
              putBatch(logs, group, List.of(streams.get(i++ % 2)), 1, 10_000);
              written++;
              tick += 10_000;
            }
            Thread.sleep(Math.max(0, tick - System.currentTimeMillis()));
          }
          double seconds = (System.currentTimeMillis() - start) / 1000d;
          double late = ingest.sum("etherwatch_ingest_api_calls_total", "read=\"late-sweep\"");
          double all = ingest.sum("etherwatch_ingest_api_calls_total", "");
          double sweeps = ingest.sum("etherwatch_ingest_polls_total", "read=\"late-sweep\"");
          // All live events published, or at most 3 minutes: a slow run is reported, not aborted.
          long drainUntil = System.currentTimeMillis() + 180_000;
          double published = ingest.sum("etherwatch_ingest_events_total", group(group));
          while (published < first[1] + written && System.currentTimeMillis() < drainUntil) {
            Thread.sleep(200);
            published = ingest.sum("etherwatch_ingest_events_total", group(group));
          }
          // Two more completed late sweeps: one of them started after the late events were written.
          long settleUntil = System.currentTimeMillis() + SETTLE_MILLIS;
          double settled = ingest.sum("etherwatch_ingest_polls_total", "read=\"late-sweep\"");
          while (settled < sweeps + 2 && System.currentTimeMillis() < settleUntil) {
            Thread.sleep(500);
            settled = ingest.sum("etherwatch_ingest_polls_total", "read=\"late-sweep\"");
          }
          Thread.sleep(2_000);
          long[] latency = probe.summary();
          JsonNode status = ingest.status();
          JsonNode perSweep = status.path("lateEvents").path("lateSweepCalls").path(group);
          long floor = start - LOOKBACK;
          long rangeFrom = floor - ("14d".equals(horizon) ? 14 * DAY : HOUR);
          Map<String, Object> r = new LinkedHashMap<>();
          r.put("group", profile);
          r.put("lateHorizon", horizon);
          r.put("writeRatePerSecond", round(written / seconds));
          r.put("eventsWritten", written);
          r.put("eventsPublished", (long) (published - first[1]));
          r.put("historyEvents", history.length);
          r.put("historyEventsInLateRange", count(history, rangeFrom, floor - LATE_MARGIN));
          r.put("lateSweepCallsPerSweep", perSweep.isNumber() ? perSweep.asInt() : null);
          r.put("lateSweepsInWindow", (long) (sweeps - sweeps0));
          r.put("lateSweepsInRun", (long) (settled - sweeps0));
          r.put("lateSweepCallsInWindow", (long) (late - late0));
          double perMinute = (late - late0) * 60 / seconds;
          r.put("lateSweepCallsPerMinute", round(perMinute));
          r.put("lateSweepShareOfBudgetPercent", round(perMinute * 100 / (BUDGET * 60)));
          r.put("allApiCallsPerMinute", round((all - all0) * 60 / seconds));
          r.put("latencyP50Ms", latency[0]);
          r.put("latencyP99Ms", latency[1]);
          r.put("latencyMaxMs", latency[2]);
          r.put("latencySamples", latency[3]);
          r.put("lateEventsWritten", LATE_EVENTS);
          r.put("lateEventsAcceptedByMoto", accepted);
          r.put("lateEventsStoredInMoto", stored);
          r.put("lateEventsPublished", probe.marked());
          r.put(
              "lateEventsCounted",
              (long) (ingest.sum("etherwatch_ingest_late_events_total", group(group)) - counted0));
          r.put("countedWithin", status.path("lateEvents").path("countedWithin").asText(null));
          JsonNode problems = status.path("topicProblems").path(TOPICS.topic(group));
          r.put("topicProblems", problems.isMissingNode() ? List.of() : problems);
          return r;
        }
      }
    }
  }

  /** {@code n} timestamps evenly spread over (from, to]. */
  private static long[] spread(long from, long to, long n) {
    long[] t = new long[(int) n];
    for (int i = 0; i < n; i++) {
      t[i] = from + (i + 1) * (to - from) / n;
    }
    return t;
  }

  private static long[] concat(long[] a, long[] b) {
    long[] t = new long[a.length + b.length];
    System.arraycopy(a, 0, t, 0, a.length);
    System.arraycopy(b, 0, t, a.length, b.length);
    return t;
  }

  private static long count(long[] timestamps, long from, long to) {
    long n = 0;
    for (long t : timestamps) {
      if (t >= from && t < to) {
        n++;
      }
    }
    return n;
  }

  /** The history, ascending, in PutLogEvents calls of 10,000 events. */
  private static void writeHistory(
      CloudWatchLogsClient logs, String group, String stream, long[] timestamps) {
    for (int from = 0; from < timestamps.length; from += 10_000) {
      List<InputLogEvent> events = new ArrayList<>();
      for (int i = from; i < Math.min(timestamps.length, from + 10_000); i++) {
        events.add(
            InputLogEvent.builder()
                .timestamp(timestamps[i])
                .message("history " + i + " " + "y".repeat(180))
                .build());
      }
      PutLogEventsResponse put =
          logs.putLogEvents(b -> b.logGroupName(group).logStreamName(stream).logEvents(events));
      if (rejected(put.rejectedLogEventsInfo(), events.size()) > 0) {
        throw new IllegalStateException(
            group + ": moto refused history events: " + put.rejectedLogEventsInfo());
      }
    }
  }

  /** The 13-day-late events, one second apart; returns how many moto accepted. */
  private static int writeLate(CloudWatchLogsClient logs, String group, long timestamp) {
    List<InputLogEvent> events = new ArrayList<>();
    for (int i = 0; i < LATE_EVENTS; i++) {
      events.add(
          InputLogEvent.builder()
              .timestamp(timestamp + i * 1_000L)
              .message(MARKER + i + " " + "y".repeat(180))
              .build());
    }
    PutLogEventsResponse put =
        logs.putLogEvents(b -> b.logGroupName(group).logStreamName("replay").logEvents(events));
    return LATE_EVENTS - rejected(put.rejectedLogEventsInfo(), LATE_EVENTS);
  }

  /** How many of the late events moto returns for their own time range (the bench's own call). */
  private static int storedLate(CloudWatchLogsClient logs, String group, long timestamp) {
    List<FilteredLogEvent> found =
        logs.filterLogEvents(
                b ->
                    b.logGroupName(group)
                        .logStreamNames("replay")
                        .startTime(timestamp)
                        .endTime(timestamp + LATE_EVENTS * 1_000L)
                        .interleaved(true))
            .events();
    return (int) found.stream().filter(e -> e.message().startsWith(MARKER)).count();
  }

  /**
   * Events refused in a PutLogEvents call of {@code size} (too old or expired: up to the index).
   */
  private static int rejected(RejectedLogEventsInfo info, int size) {
    if (info == null) {
      return 0;
    }
    int n = 0;
    if (info.tooOldLogEventEndIndex() != null) {
      n += info.tooOldLogEventEndIndex() + 1;
    }
    if (info.tooNewLogEventStartIndex() != null) {
      n += size - info.tooNewLogEventStartIndex();
    }
    if (info.expiredLogEventEndIndex() != null) {
      n = Math.max(n, info.expiredLogEventEndIndex() + 1);
    }
    return Math.min(n, size);
  }
}
