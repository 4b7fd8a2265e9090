package io.etherwatch.push.client;

import io.etherwatch.push.config.PushConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes the Kafka consumers push-service reads with: partitions assigned by hand (no consumer
 * group, nothing committed: a subscriber's position lives in its cursor), read_committed so that
 * only events of committed ingest transactions are seen, and no automatic reset, so that a position
 * retention has passed is noticed and reported as a GAP. Also answers which offsets a topic still
 * holds, to check a cursor before anything reads from it.
 */
@ApplicationScoped
public class KafkaReaders {
  private static final long ADMIN_TIMEOUT_SECONDS = 10;

  private final String bootstrapServers;
  private final Duration fetchMaxWait;
  private final AtomicInteger sequence = new AtomicInteger();
  private Admin admin;

  /** The offsets a partition holds now: {@code start} is the first kept, {@code end} the next. */
  public record Range(long start, long end) {}

  /** Kafka did not answer in time. */
  public static final class UnavailableException extends Exception {
    UnavailableException(Throwable cause) {
      super("Kafka did not answer", cause);
    }
  }

  public KafkaReaders(
      @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "127.0.0.1:9092")
          String bootstrapServers,
      PushConfig config) {
    this.bootstrapServers = bootstrapServers;
    this.fetchMaxWait = config.fetchMaxWait();
  }

  public KafkaConsumer<String, String> consumer(String role) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "push-" + role + "-" + sequence.incrementAndGet());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
    // A read_committed fetch sees a transaction only after its commit marker: answer fetches
    // quickly so that the marker is picked up within milliseconds, not the default 500 ms.
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Long.toString(fetchMaxWait.toMillis()));
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return new KafkaConsumer<>(props);
  }

  /**
   * The retained range of every partition of {@code topics} as a read_committed reader sees it (the
   * end is the last stable offset); a topic that does not exist has no partitions here.
   */
  public Map<TopicPartition, Range> ranges(Collection<String> topics)
      throws UnavailableException, InterruptedException {
    try {
      Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (Map.Entry<String, KafkaFuture<TopicDescription>> topic :
          admin().describeTopics(topics).topicNameValues().entrySet()) {
        TopicDescription description;
        try {
          description = topic.getValue().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof UnknownTopicOrPartitionException) {
            continue;
          }
          throw e;
        }
        description
            .partitions()
            .forEach(
                p -> {
                  TopicPartition tp = new TopicPartition(topic.getKey(), p.partition());
                  earliest.put(tp, OffsetSpec.earliest());
                  latest.put(tp, OffsetSpec.latest());
                });
      }
      ListOffsetsOptions committed = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
      var starts = admin().listOffsets(earliest, committed).all();
      var ends = admin().listOffsets(latest, committed).all();
      Map<TopicPartition, Range> ranges = new HashMap<>();
      var startOffsets = starts.get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      var endOffsets = ends.get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      startOffsets.forEach(
          (tp, start) -> ranges.put(tp, new Range(start.offset(), endOffsets.get(tp).offset())));
      return ranges;
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      throw new UnavailableException(e);
    }
  }

  private synchronized Admin admin() {
    if (admin == null) {
      Properties props = new Properties();
      props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      props.put(AdminClientConfig.CLIENT_ID_CONFIG, "push-ranges");
      // Each call waits at most ADMIN_TIMEOUT_SECONDS; Kafka refuses an API timeout below the
      // request timeout, so both are set.
      props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
      props.put(
          AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
          Long.toString(TimeUnit.SECONDS.toMillis(ADMIN_TIMEOUT_SECONDS)));
      admin = Admin.create(props);
    }
    return admin;
  }

  @PreDestroy
  synchronized void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
    }
  }
}
