package io.etherwatch.ingest.client;

import io.etherwatch.ingest.config.IngestConfig;
import io.etherwatch.logevent.WatchedGroup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates the topics the service writes, once each, checks the settings it relies on in topics it
 * creates or adopts (created by someone else, e.g. a Strimzi {@code KafkaTopic}), and tells whether
 * the broker answers. What it finds wrong is logged and listed by {@link #problems()}.
 */
@ApplicationScoped
public class TopicAdmin {
  private static final Logger LOG = Logger.getLogger(TopicAdmin.class);

  /*
   * Event records carry the CloudWatch timestamp, which may be up to 2 h in the future; Kafka 4
   * rejects records more than 1 h ahead by default.
   */
  static final long FUTURE_TOLERANCE_MS = 24 * 3600 * 1000L;

  /** CloudWatch Logs accepts events stamped up to 2 h ahead (PutLogEvents). */
  static final long CLOUDWATCH_FUTURE_MS = 2 * 3600 * 1000L;

  private static final long TIMEOUT_SECONDS = 15;

  private final KafkaSettings settings;
  private final IngestConfig.Output output;
  private final long readBackMillis;
  private final Map<String, EventsTopic> known = new ConcurrentHashMap<>();
  private final Map<String, List<String>> problems = new ConcurrentHashMap<>();
  private volatile Admin admin;

  public TopicAdmin(KafkaSettings settings, IngestConfig config) {
    this.settings = settings;
    this.output = config.kafka();
    // Published ids are read back from the events topic down to the late sweep's horizon.
    this.readBackMillis =
        config.lookback().plus(config.lateMargin()).plus(config.lateHorizon()).toMillis();
  }

  /**
   * The events topic, created unless it exists; an existing one is adopted: its settings are
   * checked once, and a future tolerance below CloudWatch's 2 h is raised to 24 h (the only setting
   * the service changes: without it Kafka refuses valid CloudWatch events).
   *
   * @throws TopicUnusableException when Kafka refuses to create or describe it
   * @throws IllegalStateException when the broker does not answer
   */
  public EventsTopic ensureEventsTopic(String topic) {
    EventsTopic t = known.get(topic);
    if (t == null) {
      boolean created =
          create(
              new NewTopic(topic, output.topicPartitions(), output.replicationFactor())
                  .configs(
                      Map.of(
                          TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG,
                          Long.toString(FUTURE_TOLERANCE_MS))));
      try {
        t = checkEventsTopic(topic, created);
      } catch (IllegalStateException e) {
        // A topic just created may not be described yet on every broker.
        pause();
        t = checkEventsTopic(topic, created);
      }
      known.put(topic, t);
    }
    return t;
  }

  /** Creates the compacted checkpoint topic unless it exists, and checks an adopted one. */
  public void ensureCheckpointTopic() {
    create(
        new NewTopic(output.checkpointTopic(), 1, output.replicationFactor())
            .configs(
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    requireCompacted(output.checkpointTopic(), "checkpoints");
  }

  /** Creates the compacted, one-partition budget topic unless it exists, and checks it. */
  public void ensureBudgetTopic() {
    create(
        new NewTopic(output.budgetTopic(), 1, output.replicationFactor())
            .configs(
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    requireCompacted(output.budgetTopic(), "budget entries");
  }

  /** Creates the compacted, one-partition group directory topic unless it exists, and checks it. */
  public void ensureGroupsTopic() {
    create(
        new NewTopic(output.groupsTopic(), 1, output.replicationFactor())
            .configs(
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    requireCompacted(output.groupsTopic(), "discovered groups");
  }

  /**
   * Creates push-service's watched-groups topic with its contract's settings ({@code
   * WatchedGroup.TOPIC_CONFIG}) unless it exists (either service may start first), and checks it.
   */
  public void ensureWatchedTopic() {
    create(
        new NewTopic(output.watchedTopic(), 1, output.replicationFactor())
            .configs(WatchedGroup.TOPIC_CONFIG));
    requireCompacted(output.watchedTopic(), "watched groups");
  }

  /** Creates the coordination topic unless it exists and returns its partition count (shards). */
  public int ensureShardTopic() {
    create(new NewTopic(output.shardTopic(), output.shards(), output.replicationFactor()));
    return get(admin().describeTopics(List.of(output.shardTopic())).allTopicNames(), "describe")
        .get(output.shardTopic())
        .partitions()
        .size();
  }

  /** What is wrong with the topics checked so far: topic → problems (empty when all is well). */
  public Map<String, List<String>> problems() {
    return new TreeMap<>(problems);
  }

  /** Whether the broker answers within a few seconds. */
  public boolean reachable() {
    try {
      return !admin().describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return false;
    }
  }

  private EventsTopic checkEventsTopic(String topic, boolean created) {
    Map<String, String> config = describe(topic);
    List<String> found = new ArrayList<>();
    long after = longOf(config, TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, Long.MAX_VALUE);
    long before =
        longOf(config, TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, Long.MAX_VALUE);
    if ("LogAppendTime".equals(config.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG))) {
      after = Long.MAX_VALUE;
      before = Long.MAX_VALUE;
      found.add(
          "message.timestamp.type=LogAppendTime: record timestamps are not event timestamps, so a"
              + " restart cannot find the published ids by time (duplicates); set CreateTime");
    } else if (after < CLOUDWATCH_FUTURE_MS + Duration.ofMinutes(5).toMillis()) {
      if (raiseFutureTolerance(topic)) {
        LOG.warnf(
            "topic %s: message.timestamp.after.max.ms was %d ms, below CloudWatch's 2 h; raised to"
                + " %d ms",
            topic, after, FUTURE_TOLERANCE_MS);
        after = FUTURE_TOLERANCE_MS;
      } else {
        found.add(
            "message.timestamp.after.max.ms="
                + after
                + " is below CloudWatch's 2 h and could not be raised: an event stamped further"
                + " ahead holds its group back until the topic accepts it");
      }
    }
    String policy = config.getOrDefault(TopicConfig.CLEANUP_POLICY_CONFIG, "delete");
    if (policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
      found.add("cleanup.policy=" + policy + ": compaction keeps one event per stream; use delete");
    }
    long retention = longOf(config, TopicConfig.RETENTION_MS_CONFIG, -1);
    if (retention >= 0 && retention < readBackMillis) {
      found.add(
          "retention.ms="
              + retention
              + " is shorter than lookback + late-margin + late-horizon ("
              + readBackMillis
              + " ms): events read again after a restart may be published twice");
    }
    int maxRecord =
        (int)
            Math.min(
                output.maxRecordBytes(),
                longOf(config, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.MAX_VALUE));
    report(topic, created ? "created" : "adopted", found);
    return new EventsTopic(topic, maxRecord, after, before);
  }

  private static void pause() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void requireCompacted(String topic, String what) {
    String policy =
        describe(topic)
            .getOrDefault(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
    report(
        topic,
        "checked",
        policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)
            ? List.of()
            : List.of(
                "cleanup.policy="
                    + policy
                    + ": not compacted, so retention deletes the "
                    + what
                    + " the service resumes from; set compact"));
  }

  private void report(String topic, String how, List<String> found) {
    if (found.isEmpty()) {
      problems.remove(topic);
      return;
    }
    problems.put(topic, List.copyOf(found));
    found.forEach(p -> LOG.errorf("topic %s (%s): %s", topic, how, p));
  }

  private boolean raiseFutureTolerance(String topic) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    AlterConfigOp set =
        new AlterConfigOp(
            new ConfigEntry(
                TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG,
                Long.toString(FUTURE_TOLERANCE_MS)),
            AlterConfigOp.OpType.SET);
    try {
      get(admin().incrementalAlterConfigs(Map.of(resource, List.of(set))).all(), "alter");
      return true;
    } catch (TopicUnusableException e) {
      LOG.debugf("cannot alter %s: %s", topic, e.getMessage());
      return false;
    }
  }

  private Map<String, String> describe(String topic) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config = get(admin().describeConfigs(List.of(resource)).all(), "describe").get(resource);
    Map<String, String> values = new TreeMap<>();
    config.entries().forEach(e -> values.put(e.name(), e.value()));
    return values;
  }

  private static long longOf(Map<String, String> config, String key, long absent) {
    String value = config.get(key);
    try {
      return value == null ? absent : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return absent;
    }
  }

  /* True when it created the topic, false when the topic existed. */
  private boolean create(NewTopic topic) {
    try {
      get(admin().createTopics(List.of(topic)).all(), "create");
      return true;
    } catch (TopicUnusableException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false;
      }
      throw e;
    }
  }

  /*
   * A refusal (policy, authorization, invalid name) is the topic's problem; no answer, or a
   * retriable error, is the broker's (IllegalStateException).
   */
  private static <T> T get(KafkaFuture<T> future, String what) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ApiException api && !(api instanceof RetriableException)) {
        throw new TopicUnusableException(what + " refused: " + api.getMessage(), api);
      }
      throw new IllegalStateException("Kafka failed to " + what + " a topic", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer (" + what + ")", e);
    }
  }

  private Admin admin() {
    if (admin == null) {
      synchronized (this) {
        if (admin == null) {
          admin = Admin.create(settings.admin());
        }
      }
    }
    return admin;
  }

  @PreDestroy
  void close() {
    if (admin != null) {
      admin.close();
    }
  }
}
