package io.etherwatch.ingest.service;

import io.etherwatch.ingest.client.CallBudget;
import io.etherwatch.ingest.domain.EventKey;
import io.etherwatch.ingest.domain.EventPage;
import io.etherwatch.ingest.domain.FetchedEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The late sweep of one group: every {@code late-sweep-interval}, reads {@code [floor −
 * late-horizon, floor − late-margin)} (below what the lookback sweep reads) on spare budget, in the
 * background, to find events that arrived too late to be published. An event read there is too late
 * iff it was ingested after the previous late sweep's watermark (and after the group was first
 * followed), is not in Kafka, and was not already counted. The scan runs on a prefetch thread; the
 * group's poller decides and commits on its own thread when the scan is done.
 */
final class LateSweep {
  private static final Logger LOG = Logger.getLogger(LateSweep.class);

  /** Events become visible to FilterLogEvents a little after ingestion (on AWS). */
  static final long VISIBILITY_MARGIN_MILLIS = 60_000;

  /**
   * A finished scan: the events ingested after {@code after}, and which of them Kafka has. {@code
   * watermark} is the one to commit with it; {@code resumeFrom} is the timestamp the next step of
   * the same sweep reads from, or -1 when the sweep is complete.
   */
  record Scan(
      long watermark,
      long after,
      List<FetchedEvent> candidates,
      Set<String> published,
      int calls,
      long resumeFrom) {}

  /** One step's reading: its candidates, the calls it made, where the next step starts (or -1). */
  record Step(List<FetchedEvent> candidates, int calls, long resumeFrom) {}

  /** One FilterLogEvents page of the swept range, after {@code token} (null: the first). */
  @FunctionalInterface
  interface PageSource {
    EventPage page(long from, String token) throws InterruptedException;
  }

  private final String group;
  private final GroupPollerContext ctx;
  private final long trackingSince;
  private long watermark;
  private long nextAt;
  private Future<Scan> running;
  // A sweep in steps (more arrivals than late-sweep-max-events): where the next step reads from,
  // and the arrival bounds of its first step, which every step keeps.
  private long resumeFrom = -1;
  private long sweepAfter;
  private long sweepMark;
  private int sweepCalls;

  LateSweep(String group, GroupPollerContext ctx, long trackingSince, long watermark, long now) {
    this.group = group;
    this.ctx = ctx;
    this.trackingSince = trackingSince;
    this.watermark = watermark;
    this.nextAt = now + ctx.config().lateSweepInterval().toMillis();
  }

  /** Arrivals at or before this were already looked for by a committed late sweep. */
  long watermark() {
    return watermark;
  }

  /**
   * Starts a scan when one is due, and returns a finished one (once), or null.
   *
   * @param floor the group's window floor now; the scan reads below {@code keepFrom}
   */
  Scan poll(long now, long floor, long keepFrom) throws InterruptedException {
    if (running == null) {
      boolean continuing = resumeFrom >= 0;
      long from = Math.max(floor - ctx.config().lateHorizon().toMillis(), Math.max(0, resumeFrom));
      long to = keepFrom - 1;
      if ((continuing || now >= nextAt) && from <= to) {
        if (!continuing) {
          sweepAfter = Math.max(watermark, trackingSince);
          sweepMark = now - VISIBILITY_MARGIN_MILLIS;
        }
        long after = sweepAfter;
        long mark = sweepMark;
        long kept = watermark;
        running = ctx.submit(() -> scan(Math.max(0, from), to, after, mark, kept));
      }
      return null;
    }
    if (!running.isDone()) {
      return null;
    }
    Future<Scan> done = running;
    running = null;
    nextAt = now + ctx.config().lateSweepInterval().toMillis();
    try {
      return done.get();
    } catch (ExecutionException e) {
      LOG.warnf("late sweep of %s failed: %s", group, e.getCause().getMessage());
      resumeFrom = -1; // the whole range again at the next interval, not a retry at once
      sweepCalls = 0;
      return null;
    }
  }

  /**
   * Notes that a scan's result committed: the next step of the same sweep starts at once, or, when
   * the sweep is complete, the next sweep counts only later arrivals.
   */
  void committed(Scan scan) {
    watermark = Math.max(watermark, scan.watermark());
    resumeFrom = scan.resumeFrom();
    sweepCalls += scan.calls();
    if (resumeFrom >= 0) {
      nextAt = 0;
    } else {
      ctx.lateSweepCalls(group, sweepCalls);
      sweepCalls = 0;
    }
  }

  /** Stops a scan in progress (the shard is given up). */
  void cancel() {
    resumeFrom = -1;
    sweepCalls = 0;
    if (running != null) {
      running.cancel(true);
      running = null;
    }
  }

  private Scan scan(long from, long to, long after, long mark, long kept)
      throws InterruptedException {
    int pageSize = ctx.config().pageSize();
    Step step =
        read(
            (start, token) ->
                ctx.logs()
                    .filter(
                        group, start, to, token, pageSize, "late-sweep", CallBudget.Priority.SPARE),
            from,
            after,
            ctx.config().lateSweepMaxEvents());
    List<FetchedEvent> candidates = step.candidates();
    Set<String> published = new HashSet<>();
    if (!candidates.isEmpty()) {
      Set<String> streams = new LinkedHashSet<>();
      Set<String> keys = new HashSet<>();
      candidates.forEach(
          e -> {
            streams.add(e.stream());
            keys.add(EventKey.of(e).value());
          });
      long oldest = candidates.stream().mapToLong(FetchedEvent::timestamp).min().orElseThrow();
      // Only the candidates' own keys are kept from the read-back: memory follows the candidates,
      // not everything published since the oldest of them (14 days of a busy group).
      ctx.publishedIds(group, streams, oldest, k -> keys.contains(k.value()))
          .forEach(k -> published.add(k.value()));
    }
    boolean complete = step.resumeFrom() < 0;
    return new Scan(
        complete ? mark : kept, after, candidates, published, step.calls(), step.resumeFrom());
  }

  /**
   * Reads the swept range from {@code from} page by page, keeping the events that arrived after
   * {@code after}, until the range ends or, at a page's end, {@code maxEvents} are kept; then the
   * next step resumes at the last page's newest timestamp (pages are in timestamp order; the events
   * of that millisecond read again are published or counted by then). A step always reads on past a
   * page that ends where it began, so it cannot resume where it started.
   */
  static Step read(PageSource source, long from, long after, int maxEvents)
      throws InterruptedException {
    List<FetchedEvent> candidates = new ArrayList<>();
    String token = null;
    int calls = 0;
    do {
      calls++;
      EventPage page = source.page(from, token);
      candidates.addAll(tooLate(page.events(), Set.of(), after, e -> false));
      token = page.nextToken();
      if (token != null && candidates.size() >= maxEvents && !page.events().isEmpty()) {
        long newest = page.events().get(page.events().size() - 1).timestamp();
        if (newest > from) {
          return new Step(candidates, calls, newest);
        }
      }
    } while (token != null);
    return new Step(candidates, calls, -1);
  }

  /**
   * The decision: of the events a late sweep read, those ingested after {@code after} (the previous
   * late sweep's watermark, or when the group began to be followed) that are neither in Kafka
   * ({@code published}, by {@link EventKey#value}) nor already {@code counted}.
   */
  static List<FetchedEvent> tooLate(
      List<FetchedEvent> read, Set<String> published, long after, Predicate<FetchedEvent> counted) {
    List<FetchedEvent> late = new ArrayList<>();
    for (FetchedEvent e : read) {
      if (e.ingestionTime() > after
          && !published.contains(EventKey.of(e).value())
          && !counted.test(e)) {
        late.add(e);
      }
    }
    return late;
  }
}
