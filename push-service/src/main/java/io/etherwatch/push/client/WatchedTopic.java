package io.etherwatch.push.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.logevent.WatchedGroup;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes the watched-groups topic ({@link WatchedGroup}, DESIGN section 5): creates it with {@link
 * WatchedGroup#TOPIC_CONFIG} when it does not exist (an existing one is used as is), and sends
 * records and tombstones keyed by {@link WatchedGroup.Key}, both as JSON in the record's fixed
 * property order.
 *
 * <p>Every call waits a bounded time when the broker is down: {@link #send} at most {@value
 * #MAX_BLOCK_MS} ms (for metadata), {@link #flush} until each record is delivered or has failed
 * after {@value #DELIVERY_TIMEOUT_MS} ms, {@link #ensure} at most {@value #ADMIN_TIMEOUT_MS} ms.
 * The caller runs them on a thread of its own, never on an event loop.
 */
public class WatchedTopic {
  static final int MAX_BLOCK_MS = 2000;
  static final int DELIVERY_TIMEOUT_MS = 5000;
  static final int ADMIN_TIMEOUT_MS = 5000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String bootstrapServers;
  private final String topic;
  private final KafkaProducer<String, String> producer;

  /** A writer of {@code topic} on the cluster at {@code bootstrapServers}; connects lazily. */
  public WatchedTopic(String bootstrapServers, String topic) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "push-watched");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    // A broker that is down costs bounded waits; what failed is written again next heartbeat.
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Integer.toString(MAX_BLOCK_MS));
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(DELIVERY_TIMEOUT_MS));
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    this.producer = new KafkaProducer<>(props);
  }

  public String topic() {
    return topic;
  }

  /**
   * Creates the topic (one partition, {@link WatchedGroup#TOPIC_CONFIG}, the broker's {@code
   * default.replication.factor}: a cluster of three keeps it on three) unless it exists; on
   * Kubernetes a {@code KafkaTopic} resource usually made it first.
   *
   * @throws KafkaException when the broker does not answer or refuses
   */
  public void ensure() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "push-watched-admin");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(ADMIN_TIMEOUT_MS));
    try (Admin admin = Admin.create(props)) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, Optional.of(1), Optional.empty())
                      .configs(WatchedGroup.TOPIC_CONFIG)))
          .all()
          .get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new KafkaException("creating " + topic + " failed", e.getCause());
      }
    } catch (TimeoutException e) {
      throw new KafkaException("creating " + topic + ": no answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted", e);
    }
  }

  /**
   * Sends {@code key}'s record: {@code value}, or a tombstone when it is null. {@code done} gets
   * null once the broker has it, or the failure.
   *
   * @throws KafkaException when the producer cannot take the record within {@value #MAX_BLOCK_MS}
   *     ms (no metadata: the broker is down)
   */
  public void send(WatchedGroup.Key key, WatchedGroup value, Consumer<Exception> done) {
    producer.send(
        new ProducerRecord<>(topic, 0, json(key), value == null ? null : json(value)),
        (metadata, failure) -> done.accept(failure));
  }

  /** Waits until every record sent so far is delivered or has failed. */
  public void flush() {
    producer.flush();
  }

  public void close(Duration wait) {
    producer.close(wait);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
