package io.etherwatch.ingest.service;

import io.etherwatch.ingest.budget.ApiBudget;
import io.etherwatch.ingest.budget.WatchedShare;
import io.etherwatch.ingest.client.CloudWatchLogsGateway;
import io.etherwatch.ingest.client.CommittedReader;
import io.etherwatch.ingest.client.RecordCodec;
import io.etherwatch.ingest.config.IngestConfig;
import io.etherwatch.ingest.coordination.WatchedGroups;
import io.etherwatch.ingest.domain.EventKey;
import io.etherwatch.ingest.domain.EventPage;
import io.etherwatch.ingest.metrics.IngestMetrics;
import io.etherwatch.logevent.TopicNames;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * What every group poller uses: config, the AWS gateway, metrics, reading Kafka back, and which
 * groups are watched.
 */
@ApplicationScoped
public class GroupPollerContext {
  private static final double IDLE_SHARE = 0.25;
  private static final Duration MAX_LATE_HORIZON = Duration.ofDays(14);
  private static final long WATCHED_RECOUNT_MILLIS = 1000;

  private final IngestConfig config;
  private final CloudWatchLogsGateway logs;
  private final CommittedReader reader;
  private final RecordCodec codec;
  private final IngestMetrics metrics;
  private final ApiBudget budget;
  private final GroupDiscovery discovery;
  private final WatchedGroups watched;
  private final AtomicInteger followed = new AtomicInteger();
  private volatile WatchedCount watchedCount;
  private final Map<String, Double> demand = new ConcurrentHashMap<>();
  private final Map<String, Integer> lateSweepCalls = new ConcurrentHashMap<>();
  private final ExecutorService prefetcher =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "ingest-prefetch");
            t.setDaemon(true);
            return t;
          });

  public GroupPollerContext(
      IngestConfig config,
      CloudWatchLogsGateway logs,
      CommittedReader reader,
      RecordCodec codec,
      IngestMetrics metrics,
      ApiBudget budget,
      GroupDiscovery discovery,
      WatchedGroups watched) {
    this.discovery = discovery;
    this.watched = watched;
    this.config = config;
    this.logs = logs;
    this.reader = reader;
    this.codec = codec;
    this.metrics = metrics;
    this.budget = budget;
    if (config.lateHorizon().compareTo(MAX_LATE_HORIZON) > 0) {
      throw new IllegalArgumentException(
          "etherwatch.ingest.late-horizon must be at most 14d (CloudWatch rejects older events), got "
              + config.lateHorizon());
    }
    if (config.watchedInterval().toMillis() <= 0) {
      throw new IllegalArgumentException(
          "etherwatch.ingest.watched-interval must be positive, got " + config.watchedInterval());
    }
    metrics.watched(this::watchedFollowedCount, () -> watchedIntervalMillis() / 1000d);
  }

  /** Whether someone watches {@code group} now (push-service's live subscribers). */
  boolean watched(String group) {
    return watched.watched(group);
  }

  /** The watched groups the deployment follows or would (its selection takes them), sorted. */
  public Set<String> watchedFollowed() {
    Set<String> followed = new TreeSet<>();
    for (String group : watched.groups()) {
      if (discovery.selects(group)) {
        followed.add(group);
      }
    }
    return followed;
  }

  /**
   * How many watched groups the deployment follows: recounted when a watched-groups record arrives,
   * else at most once a second (entries also expire by time). Every shard worker asks on each turn
   * of its loop, so the sorted set of {@link #watchedFollowed} is not rebuilt each time.
   */
  int watchedFollowedCount() {
    long now = System.currentTimeMillis();
    long version = watched.version();
    WatchedCount count = watchedCount;
    if (count == null || count.version() != version || now - count.at() >= WATCHED_RECOUNT_MILLIS) {
      count = new WatchedCount(version, now, watchedFollowed().size());
      watchedCount = count;
    }
    return count.count();
  }

  private record WatchedCount(long version, long at, int count) {}

  /**
   * The longest wait between two reads of a watched group: {@code watched-interval}, stretched so
   * that the deployment's watched groups take at most {@link WatchedShare#SHARE} of its budget.
   */
  public long watchedIntervalMillis() {
    return WatchedShare.intervalMillis(
        config.watchedInterval().toMillis(), watchedFollowedCount(), budget.deploymentRate());
  }

  /**
   * How far behind the newest event a late arrival is still counted: the lookback, the late margin
   * and, when the late sweep runs (horizon above the margin), the late horizon.
   */
  public Duration lateCoverage() {
    Duration swept = config.lookback().plus(config.lateMargin());
    return config.lateHorizon().compareTo(config.lateMargin()) > 0
        ? config.lookback().plus(config.lateHorizon())
        : swept;
  }

  /** Reads a page on the prefetch threads (one per shard at most is ever busy). */
  Future<EventPage> prefetch(Callable<EventPage> read) {
    return prefetcher.submit(read);
  }

  /** Runs background work of a poller (a late sweep's scan) on the same threads. */
  <T> Future<T> submit(Callable<T> work) {
    return prefetcher.submit(work);
  }

  @PreDestroy
  void close() {
    prefetcher.shutdownNow();
  }

  /** Notes the calls per second a group's poller would make unconstrained (its schedule). */
  void demand(String group, double callsPerSecond) {
    demand.put(group, callsPerSecond);
  }

  /** Forgets the demand (and late sweep cost) of groups no longer polled here. */
  void forget(Collection<String> groups) {
    groups.forEach(demand::remove);
    groups.forEach(lateSweepCalls::remove);
  }

  /** Notes the FilterLogEvents calls of a group's last completed late sweep. */
  void lateSweepCalls(String group, int calls) {
    lateSweepCalls.put(group, calls);
  }

  /** FilterLogEvents calls of each group's last completed late sweep (its cost, per sweep). */
  public Map<String, Integer> lateSweepCalls() {
    return new TreeMap<>(lateSweepCalls);
  }

  /**
   * Calls per second this replica would make without a budget: its pollers' reads and sweeps, and
   * group discovery.
   */
  public double demand() {
    double sum = discovery.demand();
    for (double d : demand.values()) {
      sum += d;
    }
    return sum;
  }

  /** Counts the groups this replica follows (+1 when a poller starts, -n when a shard stops). */
  void followed(int delta) {
    followed.addAndGet(delta);
  }

  /**
   * How long an idle group may wait: the configured maximum, or longer when there are so many
   * groups that idle reads alone would take more than a quarter of the budget that watched groups
   * leave, so hot groups keep theirs.
   */
  long idleIntervalMillis() {
    return Math.max(config.pollIntervalMax().toMillis(), budgetSpread());
  }

  /**
   * How often each group is swept: the configured interval, stretched in the same way, but never
   * beyond half the lookback (a late event must be swept before it leaves the window).
   */
  long sweepIntervalMillis() {
    long stretched = Math.max(config.sweepInterval().toMillis(), budgetSpread());
    return Math.min(
        stretched, Math.max(config.sweepInterval().toMillis(), config.lookback().toMillis() / 2));
  }

  /*
   * Milliseconds between reads of each group if all groups shared a quarter of the budget that
   * watched groups leave: idle reads and sweeps sized on the whole budget would take all that is
   * left while groups are watched, and hot unwatched groups would get no read at all.
   */
  private long budgetSpread() {
    double unwatched = budget.rate() * (1 - watchedFraction());
    return (long) (followed.get() / (unwatched * IDLE_SHARE) * 1000);
  }

  private double watchedFraction() {
    return WatchedShare.fraction(
        watchedFollowedCount(), watchedIntervalMillis(), budget.deploymentRate());
  }

  /**
   * Waits at most {@code timeoutMillis} for a regular token that the calling thread's next AWS call
   * then uses ({@link ApiBudget#prepay}); false when none came in time.
   */
  boolean prepay(long timeoutMillis) throws InterruptedException {
    return budget.prepay(timeoutMillis);
  }

  /**
   * Gives up the calling thread's place in the budget's regular line ({@link ApiBudget#release}).
   */
  void releaseBudget() {
    budget.release();
  }

  IngestConfig config() {
    return config;
  }

  CloudWatchLogsGateway logs() {
    return logs;
  }

  IngestMetrics metrics() {
    return metrics;
  }

  /**
   * Events published for {@code group} with a timestamp at or after {@code fromTimestamp}, of those
   * {@code wanted} accepts.
   */
  List<EventKey> publishedIds(
      String group, Collection<String> streams, long fromTimestamp, Predicate<EventKey> wanted) {
    Set<String> topics = new LinkedHashSet<>();
    if (new TopicNames(config.topicPattern()).perStream()) {
      streams.forEach(s -> topics.add(codec.topic(group, s)));
    } else {
      topics.add(codec.topic(group, ""));
    }
    return reader.publishedIds(group, topics, fromTimestamp, wanted);
  }
}
