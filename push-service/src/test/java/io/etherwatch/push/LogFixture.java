package io.etherwatch.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.logevent.LogEvent;
import io.etherwatch.logevent.TopicNames;
import io.etherwatch.testsupport.MotoServer;
import io.etherwatch.testsupport.SharedServices;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * A log group that exists in moto and has a Kafka topic, and events produced into it as
 * log-ingest-service produces them: transactional, key = stream, {@code ew-*} headers, LogEvent
 * JSON value.
 */
final class LogFixture {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TopicNames TOPICS = new TopicNames(TopicNames.DEFAULT_PATTERN);
  private static final AtomicLong EVENT_IDS = new AtomicLong();
  private static KafkaProducer<String, String> producer;

  final String group;
  final String topic;

  private LogFixture(String group) {
    this.group = group;
    this.topic = TOPICS.topic(group);
  }

  /** A new group with {@code streams} in moto and a topic of {@code partitions} partitions. */
  static LogFixture create(String prefix, int partitions, String... streams) {
    LogFixture fixture = new LogFixture("/etherwatch/test/" + prefix + "-" + UUID.randomUUID());
    try (CloudWatchLogsClient logs =
        MotoServer.configure(CloudWatchLogsClient.builder(), SharedServices.motoEndpoint())
            .build()) {
      logs.createLogGroup(r -> r.logGroupName(fixture.group));
      for (String stream : streams) {
        logs.createLogStream(r -> r.logGroupName(fixture.group).logStreamName(stream));
      }
    }
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(fixture.topic, partitions, (short) 1))).all().get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return fixture;
  }

  static Admin admin() {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServices.kafkaBootstrapServers()));
  }

  /** An event of {@code stream} with {@code message}, stamped now. */
  LogEvent event(String stream, String message) {
    return event(stream, message, System.currentTimeMillis());
  }

  LogEvent event(String stream, String message, long timestamp) {
    return LogEvent.of(
        "e" + EVENT_IDS.incrementAndGet(), group, stream, timestamp, timestamp + 1, message);
  }

  /** Produces {@code events} in one committed transaction. */
  void produce(List<LogEvent> events) {
    KafkaProducer<String, String> p = producer();
    synchronized (LogFixture.class) {
      p.beginTransaction();
      for (LogEvent e : events) {
        ProducerRecord<String, String> record =
            new ProducerRecord<>(topic, null, e.timestamp(), e.logStreamName(), json(e));
        record.headers().add(LogEvent.HEADER_GROUP, bytes(e.logGroupName()));
        record.headers().add(LogEvent.HEADER_STREAM, bytes(e.logStreamName()));
        record.headers().add(LogEvent.HEADER_EVENT_ID, bytes(e.eventId()));
        p.send(record);
      }
      p.commitTransaction();
    }
  }

  /** Moves the log start of every partition to its end, as retention would. */
  void expireAll() {
    try (Admin admin = admin()) {
      var description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
      Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
          new java.util.HashMap<>();
      description
          .partitions()
          .forEach(
              p ->
                  latest.put(
                      new TopicPartition(topic, p.partition()),
                      org.apache.kafka.clients.admin.OffsetSpec.latest()));
      Map<TopicPartition, RecordsToDelete> delete = new java.util.HashMap<>();
      admin
          .listOffsets(latest)
          .all()
          .get()
          .forEach((tp, info) -> delete.put(tp, RecordsToDelete.beforeOffset(info.offset())));
      admin.deleteRecords(delete).all().get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static synchronized KafkaProducer<String, String> producer() {
    if (producer == null) {
      Properties props = new Properties();
      props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServices.kafkaBootstrapServers());
      props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "push-test-" + UUID.randomUUID());
      props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
      props.put(ProducerConfig.ACKS_CONFIG, "all");
      props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 * 1024 * 1024));
      producer = new KafkaProducer<>(props);
      producer.initTransactions();
    }
    return producer;
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
