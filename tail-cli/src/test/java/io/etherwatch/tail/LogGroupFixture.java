package io.etherwatch.tail;

import io.etherwatch.logevent.LogEvent;
import io.etherwatch.logevent.TopicNames;
import io.etherwatch.testsupport.LogTopicWriter;
import io.etherwatch.testsupport.MotoServer;
import io.etherwatch.testsupport.SharedServices;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/**
 * A log group in moto (where push-service and inventory-service check that it exists) with a Kafka
 * topic, and events written as log-ingest-service writes them: in a committed transaction, key =
 * stream, the {@code ew-*} headers, the LogEvent JSON as value (DESIGN section 5).
 */
final class LogGroupFixture implements AutoCloseable {
  final String group;
  private final String topic;
  private final LogTopicWriter writer;
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
    LogTopicWriter.createTopic(topic, partitions);
    writer = new LogTopicWriter("tail-it");
  }

  /** Writes {@code events} to Kafka in one committed transaction. */
  void publish(List<LogEvent> events) {
    writer.publish(topic, events);
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
    writer.close();
    logs.close();
  }
}
