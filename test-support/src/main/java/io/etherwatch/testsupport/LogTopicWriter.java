package io.etherwatch.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.logevent.LogEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes events into a log group's topic on the JVM's shared broker as log-ingest-service does
 * (DESIGN section 5): in committed transactions, key = stream, the {@code ew-*} headers, the {@link
 * LogEvent} JSON as value. For tests of the topics' readers (push-service, the tail client).
 */
public final class LogTopicWriter implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KafkaProducer<String, String> producer;

  /** A transactional producer of its own (transactional id {@code <prefix>-<random>}). */
  public LogTopicWriter(String transactionalIdPrefix) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServices.kafkaBootstrapServers());
    props.put(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalIdPrefix + "-" + UUID.randomUUID());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 * 1024 * 1024));
    producer = new KafkaProducer<>(props);
    producer.initTransactions();
  }

  /** An admin client of the shared broker; the caller closes it. */
  public static Admin admin() {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServices.kafkaBootstrapServers()));
  }

  /** Creates {@code topic} with {@code partitions} partitions, replication factor 1. */
  public static void createTopic(String topic, int partitions) {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot create topic " + topic, e);
    }
  }

  /** Writes {@code events} to {@code topic} in one committed transaction. */
  public synchronized void publish(String topic, List<LogEvent> events) {
    producer.beginTransaction();
    for (LogEvent e : events) {
      ProducerRecord<String, String> record =
          new ProducerRecord<>(topic, null, e.timestamp(), e.logStreamName(), json(e));
      record.headers().add(LogEvent.HEADER_GROUP, bytes(e.logGroupName()));
      record.headers().add(LogEvent.HEADER_STREAM, bytes(e.logStreamName()));
      record.headers().add(LogEvent.HEADER_EVENT_ID, bytes(e.eventId()));
      producer.send(record);
    }
    producer.commitTransaction();
  }

  @Override
  public void close() {
    producer.close();
  }

  private static String json(LogEvent e) {
    try {
      return JSON.writeValueAsString(e);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
