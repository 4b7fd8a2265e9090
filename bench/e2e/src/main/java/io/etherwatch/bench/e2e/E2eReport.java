package io.etherwatch.bench.e2e;

import static io.etherwatch.bench.common.Markdown.header;
import static io.etherwatch.bench.common.Markdown.row;
import static io.etherwatch.bench.common.Markdown.runOn;
import static io.etherwatch.bench.common.Markdown.slash;

import io.etherwatch.bench.common.Receipts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/results/e2e.md} from the run's JSON: how it ran, one row per case at each reader,
 * the latency histograms, a sentence against issue 15's goals, and the notes written after the run
 * (the JSON's {@code notes}, kept when the markdown is rebuilt).
 */
final class E2eReport {
  /** Issue 14's latency goal for a watched group, which issue 15's canary checks. */
  static final long GOAL_P95_MS = 2_000;

  private E2eReport() {}

  @SuppressWarnings("unchecked")
  static String markdown(Map<String, Object> r) {
    Map<String, Object> s = (Map<String, Object>) r.get("settings");
    Map<String, Object> load = (Map<String, Object>) r.get("loadDuringRun");
    StringBuilder md = new StringBuilder("## e2e\n\n");
    md.append(
        "The end-to-end canary (issue 15, after Grafana Loki's canary): numbered, timestamped events"
            + " written through PutLogEvents (moto) to a stack started by `./etherwatch up` with its"
            + " demo traffic running, read on WebSocket subscriptions to push-service (`Authorization:"
            + " Bearer` with a token from auth-service's login, one socket per group, every stream)."
            + " Latency is the first receipt minus the moment the event's PutLogEvents call returned;"
            + " the same events read by a read_committed Kafka consumer of the groups' topics are the"
            + " reference (WebSocket minus Kafka is push-service's share). Every group is subscribed"
            + " (watched, issue 14) before its first event. Sequence numbers are per stream: out of"
            + " order counts events that arrived after a higher number of their stream.\n\n");
    Map<String, Object> machine = (Map<String, Object>) r.get("machine");
    List<String> demo = (List<String>) r.get("demoGroups");
    md.append(
        """
        - %s; code at %s; stack: %s
        - demo traffic: %d log groups written by the demo when the run began (%s)
        - load average (1/5/15 min) at start %s, at end %s; 1-minute load during the run \
        min / mean / max %s (%s samples, every 5 s) on %s CPUs
        - settings: (a) %s groups × %s streams at %s events/s per stream (one PutLogEvents call \
        per stream a second) for %s s; (b) quiet %s s, then %s s at %s events/s per stream; \
        (c) as (a), one group each with timestamps 30 s and 2 min old
        - missing means not received when the drain ended: after the last write the run waits \
        until every event reached both readers, at most %s s (this run waited %s s), then %s s \
        more for late duplicates
        - PutLogEvents calls %s (failed %s, events refused %s, seconds whose calls overran the \
        second %s: the %s s of writing took %s s); GAP frames %s; sockets closed by the server %d
        """
            .formatted(
                runOn(r.get("date"), machine),
                r.get("commit"),
                r.get("stack"),
                demo.size(),
                String.join(", ", demo),
                r.get("loadAverageAtStart"),
                r.get("loadAverageAtEnd"),
                slash(load.get("min"), load.get("mean"), load.get("max")),
                load.get("samples"),
                machine.get("cpus"),
                s.get("groups"),
                s.get("streamsPerGroup"),
                s.get("eventsPerSecondPerStream"),
                s.get("durationSeconds"),
                s.get("quietSeconds"),
                s.get("burstSeconds"),
                s.get("burstEventsPerSecondPerStream"),
                s.get("drainLimitSeconds"),
                r.get("drainWaitedSeconds"),
                s.get("duplicateGraceSeconds"),
                r.get("putLogEventsCalls"),
                r.get("putLogEventsFailures"),
                r.get("rejectedEvents"),
                r.get("writeTicksOverrun"),
                s.get("durationSeconds"),
                r.get("writeSeconds"),
                r.get("gapFrames"),
                ((List<Object>) r.get("socketsClosedByServer")).size()));
    md.append("- log-ingest-service: ").append(ingest(r)).append("\n\n");

    header(
        md,
        "case",
        "what",
        "events",
        "PutLogEvents → WebSocket p50 / p95 / p99 / max (ms)",
        "WebSocket missing / duplicated / out of order",
        "PutLogEvents → Kafka p50 / p95 / p99 / max (ms)",
        "Kafka missing / duplicated / out of order");
    for (Map<String, Object> c : cases(r)) {
      Map<String, Object> ws = (Map<String, Object>) c.get("webSocket");
      Map<String, Object> k = (Map<String, Object>) c.get("kafka");
      row(
          md,
          "(" + c.get("case") + ") " + c.get("name"),
          c.get("what"),
          ws.get("written"),
          percentiles(ws, true),
          counts(ws),
          percentiles(k, false),
          counts(k));
    }
    md.append("\nLatency histogram (events per bucket, PutLogEvents return → receipt):\n\n");
    List<String> columns = new ArrayList<>(List.of("case", "reader"));
    columns.addAll(Receipts.bucketLabels());
    header(md, columns.toArray(String[]::new));
    for (Map<String, Object> c : cases(r)) {
      for (String reader : List.of("webSocket", "kafka")) {
        Map<String, Object> x = (Map<String, Object>) c.get(reader);
        List<Object> cells = new ArrayList<>();
        cells.add("(" + c.get("case") + ") " + c.get("name"));
        cells.add(reader.equals("webSocket") ? "WebSocket" : "Kafka");
        cells.addAll(((Map<String, Object>) x.get("histogram")).values());
        row(md, cells.toArray());
      }
    }
    md.append("\n").append(goals(r)).append("\n");
    List<String> notes = (List<String>) r.get("notes");
    if (notes != null && !notes.isEmpty()) {
      md.append("\n");
      notes.forEach(n -> md.append(n).append("\n"));
    }
    return md.toString();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> cases(Map<String, Object> r) {
    return (List<Map<String, Object>>) r.get("cases");
  }

  /** Watched groups and the watched interval when the burst began, as /api/ingest/status said. */
  @SuppressWarnings("unchecked")
  private static String ingest(Map<String, Object> r) {
    Object status = r.get("ingestStatus");
    if (!(status instanceof Map<?, ?> m) || !(m.get("atBurst") instanceof Map<?, ?> at)) {
      return "status not read";
    }
    Object watched = at.get("watched");
    int n = watched instanceof List<?> l ? l.size() : 0;
    return n
        + " groups watched when the burst began, watched interval "
        + at.get("watchedInterval")
        + " (configured 1 s, stretched when watched groups would take more than their share of the"
        + " 4 calls/s budget), "
        + (at.get("followed") instanceof List<?> f ? f.size() : 0)
        + " groups followed";
  }

  /**
   * One sentence against issue 15's goals: 0 missing, 0 duplicated, 0 out of order at every reader,
   * and WebSocket p95 ≤ {@value #GOAL_P95_MS} ms for each watched case.
   */
  @SuppressWarnings("unchecked")
  static String goals(Map<String, Object> r) {
    long[] ws = new long[3];
    long[] kafka = new long[3];
    int met = 0;
    int rows = 0;
    List<String> over = new ArrayList<>();
    for (Map<String, Object> c : cases(r)) {
      add(ws, (Map<String, Object>) c.get("webSocket"));
      add(kafka, (Map<String, Object>) c.get("kafka"));
      Object p95 = ((Map<String, Object>) c.get("webSocket")).get("p95Ms");
      rows++;
      if (p95 instanceof Number n && n.longValue() <= GOAL_P95_MS) {
        met++;
      } else {
        over.add("(" + c.get("case") + ") " + c.get("name") + " " + p95 + " ms");
      }
    }
    return ("Against the goals (0 missing, 0 duplicated, 0 out of order; WebSocket p95 ≤ 2 s for a"
            + " watched group): %d missing, %d duplicated, %d out of order on the WebSockets (at the"
            + " Kafka consumer %d / %d / %d); p95 within 2 s in %d of %d cases%s.")
        .formatted(
            ws[0],
            ws[1],
            ws[2],
            kafka[0],
            kafka[1],
            kafka[2],
            met,
            rows,
            over.isEmpty() ? "" : " (over: " + String.join(", ", over) + ")");
  }

  /** Adds a reader's missing, duplicated and out of order to {@code sums}. */
  private static void add(long[] sums, Map<String, Object> x) {
    sums[0] += ((Number) x.get("missing")).longValue();
    sums[1] += ((Number) x.get("duplicated")).longValue();
    sums[2] += ((Number) x.get("outOfOrder")).longValue();
  }

  private static String counts(Map<String, Object> x) {
    return slash(x.get("missing"), x.get("duplicated"), x.get("outOfOrder"));
  }

  /** p50 / p95 / p99 / max, the p95 in bold when it misses the goal for a watched group. */
  private static String percentiles(Map<String, Object> x, boolean goal) {
    Object p95 = x.get("p95Ms");
    boolean missed = goal && p95 instanceof Number n && n.longValue() > GOAL_P95_MS;
    if (p95 == null) {
      return "– (none received)";
    }
    return slash(x.get("p50Ms"), missed ? "**" + p95 + "**" : p95, x.get("p99Ms"), x.get("maxMs"));
  }
}
