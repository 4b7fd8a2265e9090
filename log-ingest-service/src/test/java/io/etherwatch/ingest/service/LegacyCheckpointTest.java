package io.etherwatch.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.ingest.budget.ApiBudget;
import io.etherwatch.ingest.client.CloudWatchLogsGateway;
import io.etherwatch.ingest.client.CommittedCheckpoints;
import io.etherwatch.ingest.client.CommittedReader;
import io.etherwatch.ingest.client.RecordCodec;
import io.etherwatch.ingest.client.ShardPublisher;
import io.etherwatch.ingest.client.ShardPublishers;
import io.etherwatch.ingest.config.IngestConfig;
import io.etherwatch.ingest.coordination.WatchedGroups;
import io.etherwatch.ingest.domain.LateEvent;
import io.etherwatch.ingest.domain.LogStreamCheckpoint;
import io.etherwatch.ingest.domain.LogStreamPartition;
import io.etherwatch.ingest.metrics.IngestMetrics;
import io.etherwatch.testsupport.KafkaResource;
import io.etherwatch.testsupport.MotoResource;
import io.etherwatch.testsupport.MotoServer;
import io.etherwatch.testsupport.SharedServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * Checkpoints written by the previous version (key in the other property order, late events inside
 * the value) are read from the real broker, and the first poll of their group rewrites them in the
 * current form without losing a late event. The group lives in another region of moto, so the
 * running service does not follow it.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(MotoResource.class)
class LegacyCheckpointTest {
  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Inject IngestConfig config;
  @Inject CommittedReader reader;
  @Inject RecordCodec codec;
  @Inject IngestMetrics metrics;
  @Inject ApiBudget budget;
  @Inject GroupDiscovery discovery;
  @Inject WatchedGroups watched;
  @Inject ShardPublishers publishers;

  @Test
  void checkpointsOfTheOldFormAreReadAndRewrittenOnceWithTheirLateEvents() throws Exception {
    String group = "legacy-" + UUID.randomUUID().toString().substring(0, 8);
    long now = System.currentTimeMillis();
    LogStreamPartition partition = new LogStreamPartition(group, "s");
    Map<String, Object> lateEvents = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      lateEvents.put("old-" + i, Map.of("timestamp", now - 420_000, "ingestionTime", now - 1_000));
    }
    String oldKey = "{\"stream\":\"s\",\"group\":\"" + group + "\"}";
    String oldValue =
        new ObjectMapper()
            .writeValueAsString(
                Map.of(
                    "lateEvents", lateEvents,
                    "trackingSince", now - 3_600_000,
                    "timestamp", now - 60_000,
                    "ingestionTime", now - 60_000,
                    "lateWatermark", Long.MIN_VALUE));
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      producer.send(new ProducerRecord<>(config.kafka().checkpointTopic(), oldKey, oldValue)).get();
    }

    CommittedCheckpoints before = reader.checkpoints();
    assertThat(before.embedded()).contains(partition);
    assertThat(before.all().get(partition).lateEvents()).hasSize(300);

    try (CloudWatchLogsClient logs =
        MotoServer.configure(CloudWatchLogsClient.builder(), SharedServices.motoEndpoint())
            .region(Region.EU_WEST_1)
            .build()) {
      logs.createLogGroup(b -> b.logGroupName(group));
      logs.createLogStream(b -> b.logGroupName(group).logStreamName("s"));
      CloudWatchLogsGateway gateway = new CloudWatchLogsGateway(logs, budget, metrics, config);
      GroupPollerContext ctx =
          new GroupPollerContext(
              config, gateway, reader, codec, metrics, budget, discovery, watched);
      Map<String, LogStreamCheckpoint> committed = Map.of("s", before.all().get(partition));
      GroupPoller poller =
          new GroupPoller(group, committed, Set.of("s"), ctx, System::currentTimeMillis);
      try (ShardPublisher publisher =
          publishers.open(3000 + ThreadLocalRandom.current().nextInt(100_000))) {
        publisher.init();
        poller.poll(publisher, () -> false);
      }
    }

    CommittedCheckpoints after = reader.checkpoints();
    assertThat(after.embedded()).doesNotContain(partition);
    assertThat(after.all().get(partition).lateEvents())
        .hasSize(300)
        .containsEntry("old-7", new LateEvent(now - 420_000, now - 1_000));
    assertThat(after.all().get(partition).timestamp()).isEqualTo(now - 60_000);
  }
}
