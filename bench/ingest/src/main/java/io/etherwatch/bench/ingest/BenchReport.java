package io.etherwatch.bench.ingest;

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
        .append("Run ")
        .append(r.get("date"))
        .append(" on ")
        .append(m.get("cpus"))
        .append(" CPUs, ")
        .append(m.get("os"))
        .append(", ")
        .append(m.get("jvm"))
        .append("; log-ingest-service packaged app ")
        .append(m.get("serviceHeap"))
        .append(", one local Kafka 4.1 broker, moto 5.x; everything on loopback.\n\n")
        .append("### Pipeline cost (synthetic CloudWatch Logs source)\n\n")
        .append(
            "| events | event size | page = transaction | events/s into Kafka | FilterLogEvents calls per 10,000 events |\n")
        .append("|---|---|---|---|---|\n")
        .append("| ")
        .append(s.get("events"))
        .append(" | ~")
        .append(s.get("eventBytes"))
        .append(" B | ")
        .append(s.get("pageSize"))
        .append(" events | **")
        .append(s.get("eventsPerSecond"))
        .append("** | ")
        .append(s.get("filterCallsPer10k"))
        .append(" |\n\n")
        .append("Budget raised to 100 calls/s for this run only: the source is not AWS.\n\n")
        .append(
            "### One hot group through moto (default 4 calls/s budget, sweep and late sweep every 30 s)\n\n")
        .append(
            "| read-delay | written (events/s) | published | frequent read calls / 10k events | sweep calls / 10k events | late sweep calls / 10k events (sweeps) | PutLogEvents → Kafka p50 / p99 / max |\n")
        .append("|---|---|---|---|---|---|---|\n");
    for (String key : List.of("motoHotGroup", "motoHotGroupReadDelay")) {
      Map<String, Object> h = (Map<String, Object>) r.get(key);
      md.append("| ")
          .append(h.get("readDelay"))
          .append(" | ")
          .append(h.get("eventsWritten"))
          .append(" (")
          .append(h.get("writeRatePerSecond"))
          .append(") | ")
          .append(h.get("eventsPublished"))
          .append(" | ")
          .append(h.get("frequentCallsPer10k"))
          .append(" | ")
          .append(h.get("sweepCallsPer10k"))
          .append(" | ")
          .append(h.get("lateSweepCallsPer10k"))
          .append(" (")
          .append(h.get("lateSweeps"))
          .append(") | ")
          .append(h.get("latencyP50Ms"))
          .append(" / ")
          .append(h.get("latencyP99Ms"))
          .append(" / ")
          .append(h.get("latencyMaxMs"))
          .append(" ms |\n");
    }
    md.append("\n")
        .append(
            "### Groups under the 5 TPS quota (budget 4 calls/s; hot groups get 20 events/s each)\n\n")
        .append(
            "| groups | hot | API calls/s | hot group read every | idle group read every | PutLogEvents → Kafka p50 / p99 / max |\n")
        .append("|---|---|---|---|---|---|\n");
    for (Map<String, Object> g : (List<Map<String, Object>>) r.get("groups")) {
      md.append("| ")
          .append(g.get("groups"))
          .append(" | ")
          .append(g.get("hotGroups"))
          .append(" | ")
          .append(g.get("apiCallsPerSecond"))
          .append(" | ")
          .append(g.get("hotGroupReadEverySeconds"))
          .append(" s | ")
          .append(
              g.get("idleGroupReadEverySeconds") == null
                  ? "–"
                  : g.get("idleGroupReadEverySeconds") + " s")
          .append(" | ")
          .append(g.get("latencyP50Ms"))
          .append(" / ")
          .append(g.get("latencyP99Ms"))
          .append(" / ")
          .append(g.get("latencyMaxMs"))
          .append(" ms |\n");
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
    return md.toString();
  }
}
