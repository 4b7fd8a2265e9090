package io.etherwatch.push;

import io.etherwatch.logevent.LogEvent;
import io.etherwatch.logevent.TopicNames;
import io.etherwatch.testsupport.LogTopicWriter;
import io.etherwatch.testsupport.MotoServer;
import io.etherwatch.testsupport.SharedServices;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * A log group that exists in moto and has a Kafka topic, and events produced into it as
 * log-ingest-service produces them: transactional, key = stream, {@code ew-*} headers, LogEvent
 * JSON value.
 */
final class LogFixture {
  private static final TopicNames TOPICS = new TopicNames(TopicNames.DEFAULT_PATTERN);
  private static final AtomicLong EVENT_IDS = new AtomicLong();
  private static LogTopicWriter writer;

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
    LogTopicWriter.createTopic(fixture.topic, partitions);
    return fixture;
  }

  static Admin admin() {
    return LogTopicWriter.admin();
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
    writer().publish(topic, events);
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

  private static synchronized LogTopicWriter writer() {
    if (writer == null) {
      writer = new LogTopicWriter("push-test");
    }
    return writer;
  }
}
