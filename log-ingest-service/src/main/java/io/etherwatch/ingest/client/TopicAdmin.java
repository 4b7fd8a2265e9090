package io.etherwatch.ingest.client;

import io.etherwatch.ingest.config.IngestConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the topics the service writes, once each, and tells whether the broker answers. */
@ApplicationScoped
public class TopicAdmin {
  /*
   * Event records carry the CloudWatch timestamp, which may be up to 2 h in the future; Kafka 4
   * rejects records more than 1 h ahead by default.
   */
  private static final String FUTURE_TOLERANCE_MS = Long.toString(24 * 3600 * 1000L);

  private final KafkaSettings settings;
  private final IngestConfig.Output output;
  private final Set<String> known = ConcurrentHashMap.newKeySet();
  private volatile Admin admin;

  public TopicAdmin(KafkaSettings settings, IngestConfig config) {
    this.settings = settings;
    this.output = config.kafka();
  }

  /** Creates the events topic unless it exists. */
  public void ensureEventsTopic(String topic) {
    if (!known.contains(topic)) {
      create(
          new NewTopic(topic, output.topicPartitions(), output.replicationFactor())
              .configs(
                  Map.of(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, FUTURE_TOLERANCE_MS)));
      known.add(topic);
    }
  }

  /** Creates the compacted checkpoint topic unless it exists. */
  public void ensureCheckpointTopic() {
    create(
        new NewTopic(output.checkpointTopic(), 1, output.replicationFactor())
            .configs(
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
  }

  /** Creates the compacted, one-partition budget topic unless it exists. */
  public void ensureBudgetTopic() {
    create(
        new NewTopic(output.budgetTopic(), 1, output.replicationFactor())
            .configs(
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
  }

  /** Creates the coordination topic unless it exists and returns its partition count (shards). */
  public int ensureShardTopic() {
    create(new NewTopic(output.shardTopic(), output.shards(), output.replicationFactor()));
    try {
      return admin()
          .describeTopics(List.of(output.shardTopic()))
          .allTopicNames()
          .get(15, TimeUnit.SECONDS)
          .get(output.shardTopic())
          .partitions()
          .size();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot describe " + output.shardTopic(), e);
    }
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

  private void create(NewTopic topic) {
    try {
      admin().createTopics(List.of(topic)).all().get(15, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create topic " + topic.name(), e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer creating " + topic.name(), e);
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
