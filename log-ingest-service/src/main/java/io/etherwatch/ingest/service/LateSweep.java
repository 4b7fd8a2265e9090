package io.etherwatch.ingest.service;

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

  /** A finished scan: the events ingested after {@code after}, and which of them Kafka has. */
  record Scan(
      long watermark,
      long after,
      List<FetchedEvent> candidates,
      Set<String> published,
      int calls) {}

  private final String group;
  private final GroupPollerContext ctx;
  private final long trackingSince;
  private long watermark;
  private long nextAt;
  private Future<Scan> running;

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
      long from = Math.max(0, floor - ctx.config().lateHorizon().toMillis());
      long to = keepFrom - 1;
      if (now >= nextAt && from <= to) {
        long after = Math.max(watermark, trackingSince);
        long mark = now - VISIBILITY_MARGIN_MILLIS;
        running = ctx.submit(() -> scan(from, to, after, mark));
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
      return null;
    }
  }

  /** Notes that a scan's result committed: the next counts only later arrivals. */
  void committed(Scan scan) {
    watermark = Math.max(watermark, scan.watermark());
  }

  /** Stops a scan in progress (the shard is given up). */
  void cancel() {
    if (running != null) {
      running.cancel(true);
      running = null;
    }
  }

  private Scan scan(long from, long to, long after, long mark) throws InterruptedException {
    int pageSize = ctx.config().pageSize();
    List<FetchedEvent> candidates = new ArrayList<>();
    String token = null;
    int calls = 0;
    do {
      calls++;
      EventPage page = ctx.logs().filterOnSpare(group, from, to, token, pageSize, "late-sweep");
      candidates.addAll(tooLate(page.events(), Set.of(), after, e -> false));
      token = page.nextToken();
    } while (token != null);
    Set<String> published = new HashSet<>();
    if (!candidates.isEmpty()) {
      Set<String> streams = new LinkedHashSet<>();
      candidates.forEach(e -> streams.add(e.stream()));
      long oldest = candidates.stream().mapToLong(FetchedEvent::timestamp).min().orElseThrow();
      ctx.publishedIds(group, streams, oldest).forEach(k -> published.add(k.value()));
    }
    return new Scan(mark, after, candidates, published, calls);
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
