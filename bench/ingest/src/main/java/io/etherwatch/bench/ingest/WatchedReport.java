package io.etherwatch.bench.ingest;

import static io.etherwatch.bench.common.Markdown.header;
import static io.etherwatch.bench.common.Markdown.row;
import static io.etherwatch.bench.common.Markdown.runOn;
import static io.etherwatch.bench.common.Markdown.slash;

import java.util.List;
import java.util.Map;

/** The watched-groups section of {@code ingest.md} ({@link WatchedScenario}, issue 14). */
final class WatchedReport {
  /** Issue 14's goal for a watched group: PutLogEvents → WebSocket p95 at most this. */
  static final long GOAL_P95_MS = 2_000;

  private WatchedReport() {}

  /**
   * The section: the latest run ({@code after}) and the reference run before watched groups existed
   * ({@code before}), each with its own date, machine and commit; either may be null.
   */
  @SuppressWarnings("unchecked")
  static void section(StringBuilder md, Map<String, Object> after, Map<String, Object> before) {
    Map<String, Object> any = after != null ? after : before;
    Map<String, Object> s = (Map<String, Object>) any.get("settings");
    md.append(
        """

        ### Watched groups (issue 14): PutLogEvents → WebSocket through push-service

        log-ingest-service and push-service as packaged apps (-Xmx512m each), one local Kafka 4.1 \
        broker, moto 5.x, loopback; `./etherwatch bench ingest watched` runs only this section. One \
        ingest process follows %s groups at the default budget (%s calls/s) with every ingest key at \
        its default, as an operator runs it. Each event carries a sequence number; latency is its \
        first receipt minus the moment its PutLogEvents call (AWS SDK, against moto) returned, at a \
        WebSocket subscriber (`Authorization: Bearer`, LOG_STREAM_REQUEST for all streams) and at a \
        read_committed Kafka consumer; missing and duplicated count sequence numbers. After one \
        event in every group (setup), the case (a) groups stay idle %s s; meanwhile (c) 5 watched \
        and 3 unwatched groups are written at %s events/s for %s s (the 5 the only watched groups, \
        the other groups idle), then one case (a) group is subscribed and (b) one watched and one \
        unwatched group are written at the same rate and for as long; then (a) a burst of %s over \
        %s s on three groups at once: one watched since (b) began, one subscribed %s s before the \
        burst, one never. A watched group is read every interval whatever it did before, so the \
        first is read as if it had been watched all its idle time. \
        Unwatched groups are the reference measured in the same run (to Kafka, as the sections \
        above). Goal (issue 14): watched p95 ≤ 2 s, 0 missing, 0 duplicated, API calls ≤ the budget.
        """
            .formatted(
                s.get("followedGroups"),
                s.get("budgetCallsPerSecond"),
                s.get("idleSeconds"),
                s.get("steadyEventsPerSecond"),
                s.get("steadySeconds"),
                s.get("burst"),
                s.get("burstSeconds"),
                s.get("lateSubscribeSecondsBeforeBurst")));
    if (after != null) {
      run(md, after, before, "Latest run");
    }
    if (before != null) {
      run(md, before, null, "Before watched groups existed (reference)");
    }
  }

  @SuppressWarnings("unchecked")
  private static void run(
      StringBuilder md, Map<String, Object> w, Map<String, Object> reference, String title) {
    md.append(
        """

        #### %s: code at %s

        %s; setup %s s, burst %s s after the idle groups' last event; load average (1, 5, 15 min) \
        %s at the start, %s at the end (other work shares the machine); GAP frames: %s.

        """
            .formatted(
                title,
                w.get("commit"),
                runOn(w.get("date"), (Map<String, Object>) w.get("machine")),
                w.get("setupSeconds"),
                w.get("idleSecondsBeforeBurst"),
                w.getOrDefault("loadAverageAtStart", "–"),
                w.getOrDefault("loadAverageAtEnd", "–"),
                w.get("socketGaps")));
    header(
        md,
        "case",
        "load",
        "group",
        "events",
        "PutLogEvents → WebSocket p50 / p95 / p99 / max (ms)",
        "WebSocket missing / duplicated",
        "PutLogEvents → Kafka p50 / p95 / p99 / max (ms)",
        "Kafka missing / duplicated",
        "events > 10 s (WebSocket / Kafka)");
    for (Map<String, Object> c : (List<Map<String, Object>>) w.get("cases")) {
      Map<String, Object> ws = (Map<String, Object>) c.get("webSocket");
      Map<String, Object> k = (Map<String, Object>) c.get("kafka");
      row(
          md,
          c.get("case"),
          c.get("load"),
          c.get("watching"),
          k.get("written"),
          ws == null ? "– (not subscribed)" : percentiles(ws, true),
          ws == null ? "–" : slash(ws.get("missing"), ws.get("duplicated")),
          percentiles(k, false),
          slash(k.get("missing"), k.get("duplicated")),
          slash(
              ws == null ? "–" : ws.getOrDefault("slowerThan10s", "–"),
              k.getOrDefault("slowerThan10s", "–")));
    }
    md.append("\n");
    header(
        md,
        "phase",
        "seconds",
        "events written",
        "FilterLogEvents calls (per 10,000 events)",
        "API calls/s (budget)");
    Map<String, Object> phases = (Map<String, Object>) w.get("phases");
    // In the order they run (the reference run of 53ac50f ran (b) before (c)); the whole run last.
    for (String[] p :
        new String[][] {
          {"many", "(c) 5 watched of 100"},
          {"steady", "(b) steady"},
          {"idle", "idle until the burst"},
          {"burst", "(a) burst"},
          {"run", "whole run after setup"}
        }) {
      Map<String, Object> x = (Map<String, Object>) phases.get(p[0]);
      // A phase of a few seconds (the idle time, when (c) and (b) outlasted it) has no rate to
      // speak of.
      boolean brief = ((Number) x.get("seconds")).doubleValue() < 5;
      row(
          md,
          p[1],
          x.get("seconds"),
          x.get("eventsWritten"),
          x.get("filterCalls")
              + (x.get("filterCallsPer10k") == null ? "" : " (" + x.get("filterCallsPer10k") + ")"),
          (brief ? "–" : x.get("apiCallsPerSecond")) + " (" + x.get("budgetCallsPerSecond") + ")");
    }
    md.append("\n").append(goals(w));
    if (reference != null) {
      md.append(" ").append(unwatched(w, reference));
    }
    md.append("\n");
    List<String> meters = (List<String>) w.get("ingestWatchedMeters");
    List<String> push = (List<String>) w.get("pushWatchedMeters");
    if ((meters != null && !meters.isEmpty()) || (push != null && !push.isEmpty())) {
      md.append("\nThe services' watched-group meters at the end of the run:\n\n```\n");
      for (List<String> lines : List.of(meters, push)) {
        if (lines != null) {
          lines.forEach(l -> md.append(l).append("\n"));
        }
      }
      md.append("```\n");
    }
  }

  /**
   * One sentence against issue 14's goals, from the run's numbers: watched rows whose WebSocket p95
   * is within {@value #GOAL_P95_MS} ms, missing and duplicated events, and the highest API call
   * rate of a phase against the budget.
   */
  @SuppressWarnings("unchecked")
  private static String goals(Map<String, Object> w) {
    int watched = 0;
    int met = 0;
    long worst = 0;
    long missing = 0;
    long duplicated = 0;
    for (Map<String, Object> c : (List<Map<String, Object>>) w.get("cases")) {
      for (String reader : List.of("webSocket", "kafka")) {
        Map<String, Object> x = (Map<String, Object>) c.get(reader);
        if (x == null) {
          continue;
        }
        missing += ((Number) x.get("missing")).longValue();
        duplicated += ((Number) x.get("duplicated")).longValue();
        if (reader.equals("webSocket") && x.get("p95Ms") instanceof Number p95) {
          watched++;
          met += p95.longValue() <= GOAL_P95_MS ? 1 : 0;
          worst = Math.max(worst, p95.longValue());
        }
      }
    }
    double highest = 0;
    double budget = 0;
    for (Object phase : ((Map<String, Object>) w.get("phases")).values()) {
      Map<String, Object> x = (Map<String, Object>) phase;
      if (((Number) x.get("seconds")).doubleValue() >= 5) {
        highest = Math.max(highest, ((Number) x.get("apiCallsPerSecond")).doubleValue());
      }
      budget = ((Number) x.get("budgetCallsPerSecond")).doubleValue();
    }
    return ("Against the goals: WebSocket p95 ≤ 2 s in %d of %d watched rows (the highest %d ms);"
            + " %d missing and %d duplicated in all (WebSocket and Kafka); the busiest phase of 5 s"
            + " or more made %s API calls/s against the budget of %s (%s).")
        .formatted(
            met,
            watched,
            worst,
            missing,
            duplicated,
            highest,
            budget,
            highest <= budget ? "within" : "over");
  }

  /**
   * Issue 14's other goal, unwatched groups no worse than before: each unwatched row's PutLogEvents
   * → Kafka p50 and p95 in the reference run and in this one.
   */
  @SuppressWarnings("unchecked")
  private static String unwatched(Map<String, Object> w, Map<String, Object> reference) {
    StringBuilder t =
        new StringBuilder(
            "Unwatched groups, PutLogEvents → Kafka p50 / p95 in the reference run → this run:");
    String sep = " ";
    for (Map<String, Object> c : (List<Map<String, Object>>) w.get("cases")) {
      if (c.get("webSocket") != null) {
        continue;
      }
      for (Map<String, Object> r : (List<Map<String, Object>>) reference.get("cases")) {
        if (r.get("case").equals(c.get("case")) && r.get("watching").equals(c.get("watching"))) {
          Map<String, Object> now = (Map<String, Object>) c.get("kafka");
          Map<String, Object> then = (Map<String, Object>) r.get("kafka");
          t.append(sep)
              .append("(")
              .append(c.get("case"))
              .append(") ")
              .append(slash(then.get("p50Ms"), then.get("p95Ms")))
              .append(" → ")
              .append(slash(now.get("p50Ms"), now.get("p95Ms")))
              .append(" ms");
          sep = ", ";
        }
      }
    }
    return t.append(" (goal: no worse).").toString();
  }

  /** p50 / p95 / p99 / max, the p95 in bold when it misses the goal for a watched group. */
  private static String percentiles(Map<String, Object> x, boolean goal) {
    Object p95 = x.get("p95Ms");
    boolean missed = goal && p95 instanceof Number n && n.longValue() > GOAL_P95_MS;
    return slash(x.get("p50Ms"), missed ? "**" + p95 + "**" : p95, x.get("p99Ms"), x.get("maxMs"));
  }
}
