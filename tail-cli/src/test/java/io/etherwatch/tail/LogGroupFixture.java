package io.etherwatch.tail;

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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/**
 * A log group in moto (where push-service and inventory-service check that it exists) with a Kafka
 * topic, and events written as log-ingest-service writes them: in a committed transaction, key =
 * stream, the {@code ew-*} headers, the LogEvent JSON as value (DESIGN section 5).
 */
final class LogGroupFixture implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  final String group;
  private final String topic;
  private final KafkaProducer<String, String> producer;
  private final CloudWatchLogsClient logs;

  LogGroupFixture(String prefix, int partitions, String... streams) throws Exception {
    group = "etherwatch/" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    topic = new TopicNames(TopicNames.DEFAULT_PATTERN).topic(group);
    logs =
        MotoServer.configure(CloudWatchLogsClient.builder(), SharedServices.motoEndpoint()).build();
    logs.createLogGroup(r -> r.logGroupName(group));
    for (String stream : streams) {
      logs.createLogStream(r -> r.logGroupName(group).logStreamName(stream));
    }
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedServices.kafkaBootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServices.kafkaBootstrapServers());
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tail-it-" + UUID.randomUUID());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    producer = new KafkaProducer<>(props);
    producer.initTransactions();
  }

  /** Writes {@code events} to Kafka in one committed transaction. */
  void publish(List<LogEvent> events) {
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

  /**
   * Writes {@code messages} to {@code stream} in CloudWatch Logs (moto), for the history search.
   */
  void putLogEvents(String stream, long timestamp, List<String> messages) {
    logs.putLogEvents(
        r ->
            r.logGroupName(group)
                .logStreamName(stream)
                .logEvents(
                    messages.stream()
                        .map(m -> InputLogEvent.builder().timestamp(timestamp).message(m).build())
                        .toList()));
  }

  /** Event number {@code n} of {@code stream}: id {@code stream-n}, message {@code stream #n}. */
  LogEvent event(String stream, int n) {
    long now = System.currentTimeMillis();
    return LogEvent.of(stream + "-" + n, group, stream, now, now + 5, stream + " #" + n);
  }

  @Override
  public void close() {
    producer.close();
    logs.close();
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
