package io.etherwatch.ingest.config;

import io.etherwatch.logevent.WatchedGroup;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What log-ingest-service follows, how often it reads, and where it writes (DESIGN section 5). */
@ConfigMapping(prefix = "etherwatch.ingest")
public interface IngestConfig {

  /** Log groups to follow: exact names, or prefixes ending in {@code *}; {@code *} means all. */
  @WithDefault("*")
  List<String> groups();

  /** Kafka topic of a group's events: {@code {group}} and optionally {@code {stream}}. */
  @WithDefault("logs.{group}")
  String topicPattern();

  /** How far behind the newest event the sweep re-reads, for events CloudWatch accepts late. */
  @WithDefault("5m")
  Duration lookback();

  /**
   * How much further back than the lookback the sweep reads to count events too late to publish.
   */
  @WithDefault("5m")
  Duration lateMargin();

  /** How often each group's lookback window is swept (the frequent read only overlaps a little). */
  @WithDefault("1m")
  Duration sweepInterval();

  /**
   * How far behind the window's floor the late sweep looks for events too late to publish (at most
   * 14d, CloudWatch's own limit; not above {@code late-margin} turns the late sweep off).
   */
  @WithDefault("1h")
  Duration lateHorizon();

  /** How often each group's late sweep starts (it reads on spare budget only). */
  @WithDefault("10m")
  Duration lateSweepInterval();

  /**
   * Most events one late sweep holds at once (its candidates; at least one page is read each step).
   * A range with more arrivals (the first late sweep after an outage) is swept in steps, each
   * committed before the next starts, so memory is bounded by this, not by the backlog.
   */
  @WithDefault("20000")
  int lateSweepMaxEvents();

  /** Overlap of the frequent read beyond the 99th percentile lateness observed (cost vs. speed). */
  @WithDefault("200ms")
  Duration minOverlap();

  /**
   * How far behind now the frequent read stops. 0 reads up to now (lowest latency, but events that
   * other streams send later re-read through the overlap); set to the agents' flush interval, each
   * event is read about once (fewest calls) and arrives that much later.
   */
  @WithDefault("0s")
  Duration readDelay();

  /** Poll interval of a group that had new events in its last read. */
  @WithDefault("1s")
  Duration pollIntervalMin();

  /** Poll interval that an idle group backs off to (doubling from the minimum). */
  @WithDefault("30s")
  Duration pollIntervalMax();

  /**
   * Longest wait of a hot group for a nearly full page; a group whose page would take longer to
   * fill is read every poll-interval-min.
   */
  @WithDefault("2s")
  Duration hotIntervalMax();

  /**
   * Longest wait between two reads of a group that someone watches (push-service's live
   * subscribers, DESIGN section 5), idle or not; stretched when the deployment's watched groups
   * would take more than {@code WatchedShare.SHARE} of the budget at this pace.
   */
  @WithDefault("1s")
  Duration watchedInterval();

  /** How often the list of log groups is read to find new ones. */
  @WithDefault("10s")
  Duration discoveryInterval();

  /** Events per FilterLogEvents page (10,000 is the AWS maximum: full pages cost fewest calls). */
  @WithDefault("10000")
  int pageSize();

  /**
   * First wait before a group whose read or publication failed (access denied, a record Kafka
   * refuses) is tried again; doubles per failure, with jitter. Other groups go on meanwhile.
   */
  @WithDefault("5s")
  Duration groupRetryInitial();

  /** Longest wait between two attempts at a group that keeps failing. */
  @WithDefault("5m")
  Duration groupRetryMax();

  /** Shared AWS API budget. */
  Budget budget();

  /** Kafka output and coordination. */
  Output kafka();

  /** The token bucket shared by FilterLogEvents and Describe* calls. */
  interface Budget {
    /** Calls per second for the whole deployment (AWS: 5 TPS per account and region). */
    @WithDefault("4")
    double callsPerSecond();

    /** Calls that may be made at once after an idle period. */
    @WithDefault("4")
    int burst();

    /** First wait after a ThrottlingException; doubles per attempt, with jitter. */
    @WithDefault("200ms")
    Duration backoffInitial();

    /** Longest wait after repeated ThrottlingExceptions. */
    @WithDefault("20s")
    Duration backoffMax();
  }

  /** Kafka topics, transactions and the shard consumer group. */
  interface Output {
    /** Compacted topic with each (group, stream) position, written in the events' transaction. */
    @WithDefault("etherwatch.ingest.checkpoints")
    String checkpointTopic();

    /** Compacted topic where each replica publishes its API demand, to split the budget. */
    @WithDefault("etherwatch.ingest.budget")
    String budgetTopic();

    /**
     * Compacted topic where the replica owning shard 0 lists the groups it discovered, for all
     * replicas (keyed by coordination group, so deployments may share it).
     */
    @WithDefault("etherwatch.ingest.groups")
    String groupsTopic();

    /**
     * Compacted topic where push-service announces the groups with live subscribers (read whole by
     * every replica; created with {@code WatchedGroup.TOPIC_CONFIG} if absent).
     */
    @WithDefault(WatchedGroup.TOPIC)
    String watchedTopic();

    /** Coordination topic: one partition per shard; its owner publishes the shard's groups. */
    @WithDefault("etherwatch.ingest.shards")
    String shardTopic();

    /**
     * Number of shards when the coordination topic is created (its partition count rules after).
     */
    @WithDefault("4")
    int shards();

    /** Consumer group of the replicas on the coordination topic. */
    @WithDefault("etherwatch-ingest")
    String coordinationGroup();

    /** Prefix of the per-shard transactional id ({@code <prefix>-<shard>}). */
    @WithDefault("etherwatch-ingest-shard")
    String transactionalIdPrefix();

    /** A dead replica's shards move to the others after this long without heartbeats. */
    @WithDefault("10s")
    Duration sessionTimeout();

    /** Partitions of each events topic the service creates. */
    @WithDefault("1")
    int topicPartitions();

    /** Replication factor of the topics the service creates (1 for the local one-node broker). */
    @WithDefault("1")
    short replicationFactor();

    /**
     * Largest event record the service sends (the producer's {@code max.request.size}, 1 MiB as
     * Kafka's default; a topic's smaller {@code max.message.bytes} lowers it for that topic). A
     * longer event is published with its message cut and the {@code ew-truncated} header.
     */
    @WithDefault("1048576")
    int maxRecordBytes();

    /**
     * Extra properties of the transactional producers (e.g. {@code "compression.type"}), applied
     * over the service's own.
     */
    Map<String, String> producer();

    /**
     * Static membership id (e.g. the pod name): a restarted replica gets its shards back at once.
     */
    Optional<String> instanceId();
  }
}
