package io.etherwatch.ingest.service;

import io.etherwatch.ingest.client.Backoff;
import io.etherwatch.ingest.client.CallBudget;
import io.etherwatch.ingest.client.RecordCodec;
import io.etherwatch.ingest.client.ShardPublisher;
import io.etherwatch.ingest.config.IngestConfig;
import io.etherwatch.ingest.domain.CheckpointUpdate;
import io.etherwatch.ingest.domain.EventKey;
import io.etherwatch.ingest.domain.EventPage;
import io.etherwatch.ingest.domain.FetchedEvent;
import io.etherwatch.ingest.domain.LateEvent;
import io.etherwatch.ingest.domain.LogStreamCheckpoint;
import io.etherwatch.ingest.domain.LogStreamPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Follows one log group. Each poll reads FilterLogEvents across all streams from a start time to
 * now, page after page; each page is one Kafka transaction with its events and the checkpoints of
 * the streams it moved.
 *
 * <p>The window: {@code floor = min(newest published timestamp, now) − lookback}. An event not yet
 * handled is published when its timestamp is at or after the floor, and counted as late when it is
 * older (and arrived after the group was first followed). Handled ids are kept down to {@code floor
 * − lateMargin}, and no read starts before that, so every decision is exact. The frequent read
 * starts only a short overlap before the newest event ({@code minOverlap} plus the 99th percentile
 * lateness of the last sweep period, less {@code readDelay}) and stops {@code readDelay} before
 * now; the sweep, every {@code sweepInterval} (stretched when many groups share the budget), starts
 * at {@code floor − lateMargin}. Below that, the {@link LateSweep} counts events later still, up to
 * {@code lateHorizon}. A hot group waits for a nearly full page ({@link AdaptiveInterval}). While
 * someone watches the group it is also read at least every effective watched interval, idle or not,
 * its calls first in the budget's line; its own interval goes on adapting underneath and rules
 * again once nobody watches.
 */
final class GroupPoller {
  private static final Logger LOG = Logger.getLogger(GroupPoller.class);

  private final String group;
  private final GroupPollerContext ctx;
  private final LongSupplier clock;
  private final Map<String, LogStreamCheckpoint> checkpoints = new HashMap<>();
  private LogStreamCheckpoint groupWide;
  private final LateSweep lateSweep;
  private long lastPollAt = Long.MIN_VALUE;
  private final SuppressionWindow handled = new SuppressionWindow();
  private final long trackingSince;
  private boolean initialized;
  private long lastSweep = Long.MIN_VALUE;
  private final LatenessTracker lateness = new LatenessTracker();
  private long interval;
  private long nextPollAt;
  private long polledAt = Long.MIN_VALUE;
  private boolean hot;
  private String lastClass;
  private long lastReadAt;
  private final Set<String> embedded;
  private final Backoff retry;
  private GroupFailure failure;

  GroupPoller(
      String group,
      Map<String, LogStreamCheckpoint> committed,
      Set<String> embedded,
      GroupPollerContext ctx,
      LongSupplier clock) {
    this.group = group;
    this.embedded = Set.copyOf(embedded);
    this.ctx = ctx;
    this.clock = clock;
    this.checkpoints.putAll(committed);
    LogStreamCheckpoint wide = checkpoints.remove(LogStreamPartition.groupWide(group).stream());
    this.trackingSince =
        committed.values().stream()
            .mapToLong(LogStreamCheckpoint::trackingSince)
            .min()
            .orElse(clock.getAsLong());
    this.groupWide = wide != null ? wide : LogStreamCheckpoint.initial(trackingSince);
    this.lateSweep =
        new LateSweep(group, ctx, trackingSince, groupWide.lateWatermark(), clock.getAsLong());
    // A group is idle until a read finds events: many new groups must not all start at full speed.
    this.interval = ctx.config().pollIntervalMax().toMillis();
    this.retry =
        new Backoff(
            ctx.config().groupRetryInitial(),
            ctx.config().groupRetryMax(),
            () -> ThreadLocalRandom.current().nextDouble());
  }

  String group() {
    return group;
  }

  long nextPollAt() {
    return nextPollAt;
  }

  /** How many handled ids this poller keeps (bounded by the window and a page, not the backlog). */
  int handledIds() {
    return handled.size();
  }

  /** The current poll interval: short while the group is hot. */
  long interval() {
    return interval;
  }

  /**
   * When the next read is due: the group's own schedule, or, while it is watched, at most {@code
   * watchedIntervalMillis} after the previous read began. A failing group keeps its retry wait.
   */
  long dueAt(boolean watched, long watchedIntervalMillis) {
    if (!watched || failure != null || polledAt == Long.MIN_VALUE) {
      return nextPollAt;
    }
    return Math.min(nextPollAt, polledAt + watchedIntervalMillis);
  }

  /** The group just became watched: it is read now (unless it is failing and waits to retry). */
  void dueNow() {
    if (failure == null) {
      nextPollAt = Math.min(nextPollAt, clock.getAsLong());
    }
  }

  /** Reads what is new (or, when due, sweeps the lookback window) and publishes it. */
  void poll(ShardPublisher publisher, BooleanSupplier stopping) throws InterruptedException {
    IngestConfig config = ctx.config();
    long now = clock.getAsLong();
    boolean watched = ctx.watched(group);
    CallBudget.Priority priority =
        watched ? CallBudget.Priority.WATCHED : CallBudget.Priority.REGULAR;
    polledAt = now;
    long floor = floor(now);
    long keepFrom = floor - config.lateMargin().toMillis();
    if (!initialized) {
      ctx.publishedIds(group, checkpoints.keySet(), keepFrom, k -> true)
          .forEach(k -> handled.add(k.value(), k.timestamp()));
      checkpoints.forEach(
          (stream, c) ->
              c.lateEvents()
                  .forEach(
                      (id, e) ->
                          handled.add(
                              new EventKey(stream, id, e.timestamp()).value(), e.timestamp())));
      rewriteEmbedded(publisher);
      initialized = true;
    }
    boolean sweep = lastSweep == Long.MIN_VALUE || now - lastSweep >= ctx.sweepIntervalMillis();
    long start = sweep ? keepFrom : Math.min(newest(), now) - overlap();
    long delay = config.readDelay().toMillis();
    // The frequent read stops read-delay before now; the sweep reads to now.
    Long end = sweep || delay <= 0 ? null : now - delay;
    long from = Math.max(0, start);
    if (end != null && end < from) {
      nextPollAt = now + config.pollIntervalMin().toMillis();
      return;
    }
    String read = sweep ? "sweep" : "frequent";
    LOG.debugf(
        "DEBUG %s %s from=%d end=%s now=%d newest=%d", group, read, from, end, now, newest());
    ctx.metrics().polled(group, read);
    countRead(watched ? "watched" : hot ? "hot" : "idle", now);
    int published = 0;
    EventPage page = ctx.logs().filter(group, from, end, null, config.pageSize(), read, priority);
    while (true) {
      // The next page is read while this one commits: AWS and Kafka work at the same time.
      String token = page.nextToken();
      Future<EventPage> next =
          token == null || stopping.getAsBoolean()
              ? null
              : ctx.prefetch(
                  () ->
                      ctx.logs()
                          .filter(group, from, end, token, config.pageSize(), read, priority));
      try {
        published += handle(page.events(), publisher, floor);
        pruneHandled(page.events(), now);
      } catch (RuntimeException e) {
        if (next != null) {
          next.cancel(true);
        }
        throw e;
      }
      if (next == null) {
        break;
      }
      page = await(next);
    }
    if (sweep) {
      lastSweep = now;
      lateness.roll();
    }
    failure = null;
    schedule(now, published, watched);
    LateSweep.Scan scan = lateSweep.poll(now, floor, keepFrom);
    if (scan != null) {
      countLate(scan, publisher, keepFrom);
    }
  }

  /** Gives up the group (its shard moved): a late sweep in progress is abandoned. */
  void close() {
    lateSweep.cancel();
  }

  /** Commits a late sweep's count with its watermark, in one transaction. */
  private void countLate(LateSweep.Scan scan, ShardPublisher publisher, long keepFrom) {
    List<FetchedEvent> late =
        LateSweep.tooLate(scan.candidates(), scan.published(), scan.after(), this::counted);
    Map<String, LogStreamCheckpoint> moved = new LinkedHashMap<>();
    addLate(moved, late, keepFrom, scan.watermark());
    LogStreamCheckpoint wide = groupWide.withLateWatermark(scan.watermark());
    List<CheckpointUpdate> covering = updates(moved);
    covering.add(new CheckpointUpdate(LogStreamPartition.groupWide(group), groupWide, wide));
    publisher.publish(group, List.of(), covering);

    checkpoints.putAll(moved);
    groupWide = wide;
    lateSweep.committed(scan);
    ctx.metrics().polled(group, "late-sweep");
    reportLate(late, "the lookback window and late margin, found by the late sweep,");
  }

  /* Whether an event was already counted as late (its stream's checkpoint keeps it). */
  private boolean counted(FetchedEvent e) {
    LogStreamCheckpoint c = checkpoints.get(e.stream());
    LateEvent known = c == null ? null : c.lateEvents().get(e.eventId());
    return known != null && known.timestamp() == e.timestamp();
  }

  private static EventPage await(Future<EventPage> page) throws InterruptedException {
    try {
      return page.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof InterruptedException i) {
        throw i;
      }
      throw new IllegalStateException("reading the next page failed", e.getCause());
    }
  }

  /**
   * After a failed poll: this group waits {@code group-retry-initial}, doubling per consecutive
   * failure up to {@code group-retry-max} (each retry costs budget); the shard's other groups go
   * on.
   */
  void failed(String reason, String message) {
    int failures = failure == null ? 1 : failure.failures() + 1;
    long wait = retry.delay(failures - 1).toMillis();
    long now = clock.getAsLong();
    failure = new GroupFailure(reason, message, failures, now, now + wait);
    nextPollAt = now + wait;
    ctx.demand(group, 1000d / wait);
    ctx.metrics().groupFailed(group, reason);
  }

  /** Why the last poll failed and when the next attempt is due, or null when it succeeded. */
  GroupFailure failure() {
    return failure;
  }

  /*
   * Checkpoints written before late events became records of their own embed them: rewrite them
   * once, so that the late events are records before the value stops carrying them.
   */
  private void rewriteEmbedded(ShardPublisher publisher) {
    Map<String, LogStreamCheckpoint> old = new LinkedHashMap<>();
    embedded.forEach(
        stream -> {
          LogStreamCheckpoint c = stream.isEmpty() ? groupWide : checkpoints.get(stream);
          if (c != null) {
            old.put(stream, c);
          }
        });
    if (old.isEmpty()) {
      return;
    }
    List<CheckpointUpdate> updates = new ArrayList<>();
    old.forEach(
        (stream, c) ->
            updates.add(
                new CheckpointUpdate(
                    new LogStreamPartition(group, stream),
                    new LogStreamCheckpoint(
                        c.timestamp(),
                        c.ingestionTime(),
                        c.trackingSince(),
                        Map.of(),
                        c.lateWatermark()),
                    c)));
    publisher.publish(group, List.of(), updates);
    LOG.infof("%s: %d checkpoints rewritten in the current form", group, updates.size());
  }

  /*
   * Handled ids are kept down to the window of the newest event published so far, not of the poll's
   * start: a first poll after a long outage publishes its backlog page by page and keeps only what a
   * later page or read can return again (pages come in timestamp order).
   */
  private void pruneHandled(List<FetchedEvent> page, long now) {
    long bound = floor(now) - ctx.config().lateMargin().toMillis();
    for (FetchedEvent e : page) {
      bound = Math.min(bound, e.timestamp());
    }
    handled.pruneBelow(bound);
  }

  private List<CheckpointUpdate> updates(Map<String, LogStreamCheckpoint> moved) {
    List<CheckpointUpdate> updates = new ArrayList<>();
    moved.forEach(
        (stream, c) ->
            updates.add(
                new CheckpointUpdate(
                    new LogStreamPartition(group, stream), checkpoint(stream), c)));
    return updates;
  }

  private int handle(List<FetchedEvent> events, ShardPublisher publisher, long floor) {
    long keepFrom = floor - ctx.config().lateMargin().toMillis();
    List<FetchedEvent> toPublish = new ArrayList<>();
    List<FetchedEvent> late = new ArrayList<>();
    Map<String, LogStreamCheckpoint> moved = new LinkedHashMap<>();
    List<String> keys = new ArrayList<>();
    int suppressed = 0;
    for (FetchedEvent e : events) {
      String key = EventKey.of(e).value();
      if (handled.contains(key)) {
        suppressed++;
        continue;
      }
      LogStreamCheckpoint current = moved.get(e.stream());
      if (current == null) {
        current = checkpoint(e.stream());
      }
      if (e.timestamp() >= floor) {
        keys.add(key);
        toPublish.add(e);
        moved.put(e.stream(), current.advancedTo(e.timestamp(), e.ingestionTime()));
        lateness.observe(e.ingestionTime() - e.timestamp());
      } else if (e.ingestionTime() > trackingSince) {
        late.add(e);
      }
    }
    addLate(moved, late, keepFrom, lateSweep.watermark());
    ctx.metrics().suppressed(group, suppressed);
    if (moved.isEmpty()) {
      return 0;
    }
    ShardPublisher.Outcome outcome = publisher.publish(group, toPublish, updates(moved));

    checkpoints.putAll(moved);
    for (int i = 0; i < keys.size(); i++) {
      handled.add(keys.get(i), toPublish.get(i).timestamp());
    }
    late.forEach(e -> handled.add(EventKey.of(e).value(), e.timestamp()));
    handled.pruneBelow(keepFrom);
    reportOversized(outcome);
    ctx.metrics().published(group, toPublish.size() - outcome.skipped().size());
    toPublish.stream()
        .mapToLong(FetchedEvent::ingestionTime)
        .max()
        .ifPresent(t -> ctx.metrics().newestIngestion(group, t));
    reportLate(late, "the lookback window,");
    return toPublish.size();
  }

  /* Every event cut or left out to fit Kafka's record size limit is counted and logged. */
  private void reportOversized(ShardPublisher.Outcome outcome) {
    for (FetchedEvent e : outcome.truncated()) {
      ctx.metrics().oversized(group, "truncated");
      LOG.warnf(
          "event larger than Kafka's record limit published with its message cut (header %s):"
              + " group=%s stream=%s eventId=%s messageChars=%d",
          RecordCodec.HEADER_TRUNCATED, group, e.stream(), e.eventId(), e.message().length());
    }
    for (FetchedEvent e : outcome.skipped()) {
      ctx.metrics().oversized(group, "skipped");
      LOG.errorf(
          "event that cannot fit Kafka's record limit even without its message not published:"
              + " group=%s stream=%s eventId=%s",
          group, e.stream(), e.eventId());
    }
  }

  /** Counts and logs events too late to publish; {@code beyond} says what they are later than. */
  private void reportLate(List<FetchedEvent> late, String beyond) {
    for (FetchedEvent e : late) {
      ctx.metrics().late(group);
      LOG.warnf(
          "event later than %s not published: group=%s stream=%s eventId=%s timestamp=%d"
              + " ingestionTime=%d",
          beyond, group, e.stream(), e.eventId(), e.timestamp(), e.ingestionTime());
    }
  }

  /*
   * Records late events in their streams' checkpoints (kept until no sweep can read them again),
   * one copy of each checkpoint however many there are.
   */
  private void addLate(
      Map<String, LogStreamCheckpoint> moved, List<FetchedEvent> late, long keepFrom, long mark) {
    Map<String, Map<String, LateEvent>> byStream = new LinkedHashMap<>();
    for (FetchedEvent e : late) {
      byStream
          .computeIfAbsent(e.stream(), s -> new HashMap<>())
          .put(e.eventId(), new LateEvent(e.timestamp(), e.ingestionTime()));
    }
    byStream.forEach(
        (stream, added) ->
            moved.put(
                stream,
                moved
                    .getOrDefault(stream, checkpoint(stream))
                    .withLateEvents(added, keepFrom, mark)));
  }

  private LogStreamCheckpoint checkpoint(String stream) {
    LogStreamCheckpoint committed = checkpoints.get(stream);
    return committed != null ? committed : LogStreamCheckpoint.initial(trackingSince);
  }

  /** The newest published timestamp, or when following began if nothing was published yet. */
  private long newest() {
    return checkpoints.values().stream()
        .filter(c -> !c.isInitial())
        .mapToLong(LogStreamCheckpoint::timestamp)
        .max()
        .orElse(trackingSince);
  }

  private long floor(long now) {
    return Math.min(newest(), now) - ctx.config().lookback().toMillis();
  }

  private long overlap() {
    IngestConfig config = ctx.config();
    long min = config.minOverlap().toMillis();
    // Lateness up to read-delay is covered by reading that far behind now.
    long late = Math.max(0, lateness.p99() - config.readDelay().toMillis());
    return Math.min(config.lookback().toMillis(), late + min);
  }

  /* Reads by class, and the time since the previous read when that was of the same class. */
  private void countRead(String readClass, long now) {
    ctx.metrics().read(readClass);
    if (readClass.equals(lastClass)) {
      ctx.metrics().readInterval(readClass, now - lastReadAt);
    }
    lastClass = readClass;
    lastReadAt = now;
  }

  private void schedule(long now, int published, boolean watched) {
    IngestConfig config = ctx.config();
    hot = published > 0;
    long min = config.pollIntervalMin().toMillis();
    if (published > 0) {
      double rate =
          lastPollAt == Long.MIN_VALUE ? 0 : published * 1000d / Math.max(1, now - lastPollAt);
      long max = Math.min(config.hotIntervalMax().toMillis(), ctx.idleIntervalMillis());
      interval = AdaptiveInterval.hot(config.pageSize(), rate, overlap(), min, max);
    } else {
      interval = Math.min(ctx.idleIntervalMillis(), Math.max(min, interval * 2));
    }
    lastPollAt = now;
    long sweepDue = lastSweep + ctx.sweepIntervalMillis();
    nextPollAt = Math.min(now + interval, sweepDue);
    // A watched group's demand is its watched pace, so the budget exchange splits by it.
    long pace = watched ? Math.min(interval, ctx.watchedIntervalMillis()) : interval;
    ctx.demand(group, 1000d / pace + 1000d / ctx.sweepIntervalMillis());
  }
}
