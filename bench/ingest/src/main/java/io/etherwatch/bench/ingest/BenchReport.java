package io.etherwatch.bench.ingest;

import static io.etherwatch.bench.common.Markdown.header;
import static io.etherwatch.bench.common.Markdown.row;
import static io.etherwatch.bench.common.Markdown.runOn;
import static io.etherwatch.bench.common.Markdown.slash;

import java.util.List;
import java.util.Map;

/** The markdown section of {@code bench/results/ingest.md}. */
final class BenchReport {
  private BenchReport() {}

  @SuppressWarnings("unchecked")
  static String markdown(Map<String, Object> r) {
    Map<String, Object> m = (Map<String, Object>) r.get("machine");
    Map<String, Object> s = (Map<String, Object>) r.get("synthetic");
    StringBuilder md = new StringBuilder();
    md.append("## ingest\n\n")
        .append(runOn(r.get("date"), m))
        .append("; log-ingest-service packaged app ")
        .append(m.get("serviceHeap"))
        .append(", one local Kafka 4.1 broker, moto 5.x; everything on loopback.\n\n")
        .append("### Pipeline cost (synthetic CloudWatch Logs source)\n\n");
    header(
        md,
        "events",
        "event size",
        "page = transaction",
        "events/s into Kafka",
        "FilterLogEvents calls per 10,000 events");
    row(
        md,
        s.get("events"),
        "~" + s.get("eventBytes") + " B",
        s.get("pageSize") + " events",
        "**" + s.get("eventsPerSecond") + "**",
        s.get("filterCallsPer10k"));
    md.append("\nBudget raised to 100 calls/s for this run only: the source is not AWS.\n\n")
        .append(
            "### One hot group through moto (default 4 calls/s budget, sweep and late sweep every 30 s)\n\n");
    header(
        md,
        "read-delay",
        "written (events/s)",
        "published",
        "frequent read calls / 10k events",
        "sweep calls / 10k events",
        "late sweep calls / 10k events (sweeps)",
        "PutLogEvents → Kafka p50 / p99 / max");
    for (String key : List.of("motoHotGroup", "motoHotGroupReadDelay")) {
      Map<String, Object> h = (Map<String, Object>) r.get(key);
      row(
          md,
          h.get("readDelay"),
          h.get("eventsWritten") + " (" + h.get("writeRatePerSecond") + ")",
          h.get("eventsPublished"),
          h.get("frequentCallsPer10k"),
          h.get("sweepCallsPer10k"),
          h.get("lateSweepCallsPer10k") + " (" + h.get("lateSweeps") + ")",
          latency(h) + " ms");
    }
    md.append("\n")
        .append(
            "### Groups under the 5 TPS quota (budget 4 calls/s; hot groups get 20 events/s each)\n\n");
    header(
        md,
        "groups",
        "hot",
        "API calls/s",
        "hot group read every",
        "idle group read every",
        "PutLogEvents → Kafka p50 / p99 / max");
    for (Map<String, Object> g : (List<Map<String, Object>>) r.get("groups")) {
      row(
          md,
          g.get("groups"),
          g.get("hotGroups"),
          g.get("apiCallsPerSecond"),
          g.get("hotGroupReadEverySeconds") + " s",
          g.get("idleGroupReadEverySeconds") == null
              ? "–"
              : g.get("idleGroupReadEverySeconds") + " s",
          latency(g) + " ms");
    }
    md.append(
            "\nCommit interval: one Kafka transaction per FilterLogEvents page (up to 10,000 events), so")
        .append(" a hot group commits once per read, and a backlog once per 10,000 events.\n\n")
        .append(
            "Reading the numbers: full pages cost about one FilterLogEvents call per 10,000 events")
        .append(
            " (the synthetic backlog). Through moto the hot group is written in PutLogEvents batches")
        .append(" of 3,000; a hot group waits for a nearly full page (0.9 × page size / events/s −")
        .append(" overlap, when that is at most hot-interval-max = 2 s; else every")
        .append(" poll-interval-min = 1 s), so the frequent read costs about 10,000 / (events per")
        .append(
            " read) calls per 10,000 events. The writer's two streams each send a second of events")
        .append(
            " at once, so events arrive up to 1 s after their timestamps, behind the other stream's")
        .append(
            " newest: with read-delay 0 the frequent read re-reads that second (its overlap follows")
        .append(
            " the observed lateness); with read-delay 2 s it reads each event about once, 2 s later.")
        .append(" The sweep re-reads lookback + late-margin (10 min)")
        .append(" each sweep interval, so in steady state every event is read again (lookback +")
        .append(
            " late-margin) / sweep-interval times: about 20 calls per 10,000 events at this run's")
        .append(" 30 s, 10 at the default 1 min, 4 at 2.5 min (half the lookback). This")
        .append(
            " run lasted 60 s, so its sweep column covers only that minute of data; a group this hot")
        .append(
            " needs a longer sweep-interval or a shorter lookback to stay inside 5 TPS. A sweep")
        .append(
            " also holds up its group: the group's frequent reads wait while it pages through the")
        .append(
            " window at the budget's pace (here up to 36 pages), which is where the hot group's p99")
        .append(" latency comes from. The late sweep reads [floor − 1 h, floor − 10 min) each late")
        .append(
            " sweep interval on spare budget only (here 50,000 old events, about 5 pages a sweep).")
        .append(" With 100 groups the idle ones are read about every")
        .append(
            " groups / (0.25 × budget) seconds, which keeps hot groups near one read per 2 s.\n");
    if (r.get("lateHorizon") != null) {
      lateHorizon(md, (Map<String, Object>) r.get("lateHorizon"));
    }
    if (r.get("watched") != null || r.get("watchedBefore") != null) {
      WatchedReport.section(
          md, (Map<String, Object>) r.get("watched"), (Map<String, Object>) r.get("watchedBefore"));
    }
    return md.toString();
  }

  /** The late-horizon section ({@link LateHorizonScenario}): its own date, machine and settings. */
  @SuppressWarnings("unchecked")
  private static void lateHorizon(StringBuilder md, Map<String, Object> h) {
    Map<String, Object> m = (Map<String, Object>) h.get("machine");
    Map<String, Object> s = (Map<String, Object>) h.get("settings");
    List<Map<String, Object>> runs = (List<Map<String, Object>>) h.get("runs");
    md.append("\n### Late horizon 1 h (default) vs 14 d: a quiet and a busy group through moto\n\n")
        .append(runOn(h.get("date"), m))
        .append("; service ")
        .append(m.get("serviceHeap"))
        .append(", one local Kafka 4.1 broker, moto 5.x, loopback; code at ")
        .append(h.get("commit"))
        .append(" (`./etherwatch bench ingest")
        .append(" late-horizon` runs only this section). Budget ")
        .append(s.get("budgetCallsPerSecond"))
        .append(" calls/s, burst ")
        .append(s.get("budgetBurst"))
        .append(" (the defaults); `late-sweep-interval` ")
        .append(s.get("lateSweepInterval"))
        .append(" (default 10 min) so that a few late sweeps fall in the run; lookback ")
        .append(s.get("lookback"))
        .append(", late-margin ")
        .append(s.get("lateMargin"))
        .append(", sweep-interval ")
        .append(s.get("sweepInterval"))
        .append(
            " and every other key at its default. Each row is a group and a service of its own,")
        .append(" written live for ")
        .append(s.get("windowSeconds"))
        .append(" s (quiet: one event every 10 s; busy: 6,000 events/s in PutLogEvents batches of")
        .append(
            " 3,000 on two streams, as the hot group above). Before the service follows the group")
        .append(" its history is written, which only the late sweep reads (never counted: ingested")
        .append(
            " before the group was followed): quiet, one event every 10 s over the 14 days moto")
        .append(
            " keeps (all the history such a group has); busy, 50,000 events 15 to 45 min old and")
        .append(" 200,000 spread over the older 14 days, a *sample*: a group this hot would hold")
        .append(" 21.6 million events an hour, more than moto holds. At the window's start ")
        .append(s.get("lateEventsWritten"))
        .append(" events stamped ")
        .append(s.get("lateEventsAgeDays"))
        .append(
            " days ago are written to a stream of their own; after the window the run waits for")
        .append(" two more late sweeps.\n\n");
    header(
        md,
        "group",
        "late-horizon",
        "history events in the late range",
        "late sweep calls per sweep",
        "late sweeps in the window (in the run)",
        "late sweep calls / min (share of budget)",
        "all API calls / min",
        "PutLogEvents → Kafka p50 / p99 (samples)",
        "13-day-late events: accepted by moto / published / counted");
    for (Map<String, Object> x : runs) {
      row(
          md,
          x.get("group") + " (" + x.get("writeRatePerSecond") + " events/s)",
          x.get("lateHorizon"),
          x.get("historyEventsInLateRange"),
          x.get("lateSweepCallsPerSweep") == null
              ? "– (none done)"
              : x.get("lateSweepCallsPerSweep"),
          x.get("lateSweepsInWindow") + " (" + x.get("lateSweepsInRun") + ")",
          x.get("lateSweepCallsPerMinute") + " (" + x.get("lateSweepShareOfBudgetPercent") + " %)",
          x.get("allApiCallsPerMinute"),
          slash(x.get("latencyP50Ms"), x.get("latencyP99Ms"))
              + " ms ("
              + x.get("latencySamples")
              + ")",
          slash(
              x.get("lateEventsAcceptedByMoto"),
              x.get("lateEventsPublished"),
              x.get("lateEventsCounted")));
    }
    md.append("\n").append(lateHorizonReading(runs)).append("\n");
  }

  /** {@code p50 / p99 / max} of a result with latencyP50Ms, latencyP99Ms and latencyMaxMs. */
  private static String latency(Map<String, Object> x) {
    return slash(x.get("latencyP50Ms"), x.get("latencyP99Ms"), x.get("latencyMaxMs"));
  }

  /**
   * Reading the numbers, for an operator choosing the horizon. Every figure is either measured
   * (from {@code runs}) or said to be computed, with its formula.
   */
  private static String lateHorizonReading(List<Map<String, Object>> runs) {
    Map<String, Object> q1 = run(runs, "quiet", "1h");
    Map<String, Object> q14 = run(runs, "quiet", "14d");
    Map<String, Object> b1 = run(runs, "busy", "1h");
    Map<String, Object> b14 = run(runs, "busy", "14d");
    // Computed, not measured: pages of a group written at 6,000 events/s over each horizon.
    long busyPages1h = 6_000L * 3_600 / 10_000;
    long busyPages14d = 6_000L * 14 * 86_400 / 10_000;
    StringBuilder t = new StringBuilder("Reading the numbers: ");
    t.append("a late sweep reads every event stored in [floor − late-horizon, floor − 10 min),")
        .append(" whatever its lateness, at 10,000 events a call, once per late-sweep-interval")
        .append(" (10 min by default), and only on spare budget (a call waits until nobody else")
        .append(" waits for the bucket and half its burst stays in it). Its cost per sweep is")
        .append(" therefore the group's events in the horizon / 10,000, at least one call.")
        .append(" A quiet group's whole 14 days (")
        .append(q14.get("historyEventsInLateRange"))
        .append(" events here) cost ")
        .append(perSweep(q14))
        .append(" calls a sweep against ")
        .append(perSweep(q1))
        .append(" at 1 h; at the default 10-minute interval that is ")
        .append(perTenMinutes(q14))
        .append(" calls a minute, ")
        .append(shareAtDefault(q14))
        .append(" % of the 4 calls/s budget, per quiet group (computed from the measured calls")
        .append(" per sweep; 100 such groups would want ")
        .append(shareAtDefault(q14, 100))
        .append(" %). For a busy group the horizon multiplies the reading: at 6,000")
        .append(" events/s, 1 h holds ")
        .append(String.format("%,d", busyPages1h))
        .append(" pages and 14 d ")
        .append(String.format("%,d", busyPages14d))
        .append(" (computed: rate × horizon / 10,000; moto cannot hold that), while the whole")
        .append(" budget reads at most 2,400 pages per 10-minute interval: with 14 d such a")
        .append(" sweep never finishes in its interval, it runs without pause on whatever the")
        .append(" reads leave (")
        .append(Math.round(busyPages14d / 4d / 3_600))
        .append(" h per sweep even with the whole budget), and late events are counted")
        .append(" only when a sweep ends. In this run the busy group's sampled history (")
        .append(b14.get("historyEventsInLateRange"))
        .append(" events in the 14 d range, ")
        .append(b1.get("historyEventsInLateRange"))
        .append(" in the 1 h range) took ")
        .append(perSweep(b14))
        .append(" and ")
        .append(perSweep(b1))
        .append(" calls a sweep, ")
        .append(b14.get("lateSweepCallsPerMinute"))
        .append(" and ")
        .append(b1.get("lateSweepCallsPerMinute"))
        .append(" calls a minute at the 15 s interval, while PutLogEvents → Kafka was ")
        .append(b14.get("latencyP50Ms"))
        .append(" / ")
        .append(b14.get("latencyP99Ms"))
        .append(" ms (p50 / p99) with 14 d and ")
        .append(b1.get("latencyP50Ms"))
        .append(" / ")
        .append(b1.get("latencyP99Ms"))
        .append(" ms with 1 h (quiet group: ")
        .append(q14.get("latencyP50Ms"))
        .append(" / ")
        .append(q14.get("latencyP99Ms"))
        .append(" ms and ")
        .append(q1.get("latencyP50Ms"))
        .append(" / ")
        .append(q1.get("latencyP99Ms"))
        .append(" ms). The budget was not the limit on average (all calls: ")
        .append(b14.get("allApiCallsPerMinute"))
        .append(" and ")
        .append(b1.get("allApiCallsPerMinute"))
        .append(" a minute of 240); through moto every FilterLogEvents call scans the whole group")
        .append(
            " in one Python process (a 14 d late-sweep page builds all the range's events), so a")
        .append(" late-sweep call delays the frequent read's next call, the likely cause of the")
        .append(" p99 difference; on AWS")
        .append(" calls do not slow each other and only the budget is shared. Of the ")
        .append(q14.get("lateEventsWritten"))
        .append(" events stamped 13 days ago (moto accepted ")
        .append(q14.get("lateEventsAcceptedByMoto"))
        .append(", ")
        .append(q1.get("lateEventsAcceptedByMoto"))
        .append(", ")
        .append(b14.get("lateEventsAcceptedByMoto"))
        .append(" and ")
        .append(b1.get("lateEventsAcceptedByMoto"))
        .append(" in the four runs) the quiet group counted ")
        .append(q14.get("lateEventsCounted"))
        .append(" with 14 d and ")
        .append(q1.get("lateEventsCounted"))
        .append(" with 1 h, the busy group ")
        .append(b14.get("lateEventsCounted"))
        .append(" and ")
        .append(b1.get("lateEventsCounted"))
        .append("; published to Kafka: ")
        .append(q14.get("lateEventsPublished"))
        .append(", ")
        .append(q1.get("lateEventsPublished"))
        .append(", ")
        .append(b14.get("lateEventsPublished"))
        .append(" and ")
        .append(b1.get("lateEventsPublished"))
        .append(". The late sweep *counts* (metric `etherwatch_ingest_late_events_total`, a WARN")
        .append(" line each) what is older than the window; it does not publish it, at any")
        .append(
            " horizon (docs/decisions.md, log-ingest-service). With 14 d the service also lists")
        .append(" the events topic under `topicProblems` (")
        .append(b14.get("topicProblems"))
        .append("): raise the events topics' `retention.ms` above 14 d 10 min with the horizon.")
        .append(
            " So: 14 d is cheap for quiet groups and tells you about every late event CloudWatch")
        .append(" accepts; for busy groups keep the default 1 h (or set the interval to the time a")
        .append(
            " sweep of the horizon takes on spare budget) and watch `lateEvents.lateSweepCalls`")
        .append(" in `/api/ingest/status`: calls per sweep / (late-sweep-interval in seconds × 4)")
        .append(" is the share of the 4 calls/s budget a group's late sweep wants.");
    return t.toString();
  }

  private static Map<String, Object> run(
      List<Map<String, Object>> runs, String group, String horizon) {
    return runs.stream()
        .filter(x -> group.equals(x.get("group")) && horizon.equals(x.get("lateHorizon")))
        .findFirst()
        .orElseThrow();
  }

  private static String perSweep(Map<String, Object> x) {
    Object calls = x.get("lateSweepCallsPerSweep");
    return calls == null
        ? "more than " + x.get("lateSweepCallsInWindow") + " (unfinished)"
        : "" + calls;
  }

  private static String perTenMinutes(Map<String, Object> x) {
    Object calls = x.get("lateSweepCallsPerSweep");
    return calls == null ? "–" : "" + ((Number) calls).intValue() / 10d;
  }

  private static String shareAtDefault(Map<String, Object> x) {
    return shareAtDefault(x, 1);
  }

  /** Percent of the 4 calls/s budget that {@code groups} such late sweeps every 10 min want. */
  private static String shareAtDefault(Map<String, Object> x, int groups) {
    Object calls = x.get("lateSweepCallsPerSweep");
    return calls == null
        ? "–"
        : "" + Math.round(groups * ((Number) calls).intValue() / 10d / 240 * 10_000) / 100d;
  }
}
