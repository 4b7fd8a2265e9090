package io.etherwatch.ingest.service;

import io.etherwatch.ingest.client.CloudWatchLogsGateway;
import io.etherwatch.ingest.client.CommittedReader;
import io.etherwatch.ingest.client.RecordCodec;
import io.etherwatch.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** What every group poller uses: config, the AWS gateway, metrics, and reading Kafka back. */
@ApplicationScoped
public class GroupPollerContext {
  private final IngestConfig config;
  private final CloudWatchLogsGateway logs;
  private final CommittedReader reader;
  private final RecordCodec codec;
  private final IngestMetrics metrics;

  public GroupPollerContext(
      IngestConfig config,
      CloudWatchLogsGateway logs,
      CommittedReader reader,
      RecordCodec codec,
      IngestMetrics metrics) {
    this.config = config;
    this.logs = logs;
    this.reader = reader;
    this.codec = codec;
    this.metrics = metrics;
  }

  IngestConfig config() {
    return config;
  }

  CloudWatchLogsGateway logs() {
    return logs;
  }

  IngestMetrics metrics() {
    return metrics;
  }

  /** Ids published for {@code group} with a timestamp at or after {@code fromTimestamp}. */
  Map<String, Long> publishedIds(String group, Collection<String> streams, long fromTimestamp) {
    Set<String> topics = new LinkedHashSet<>();
    if (new io.etherwatch.logevent.TopicNames(config.topicPattern()).perStream()) {
      streams.forEach(s -> topics.add(codec.topic(group, s)));
    } else {
      topics.add(codec.topic(group, ""));
    }
    return reader.publishedIds(group, topics, fromTimestamp);
  }
}
