package io.etherwatch.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.etherwatch.ingest.budget.ApiBudget;
import io.etherwatch.ingest.client.CloudWatchLogsGateway;
import io.etherwatch.ingest.client.CommittedReader;
import io.etherwatch.ingest.client.RecordCodec;
import io.etherwatch.ingest.client.ShardPublisher;
import io.etherwatch.ingest.client.ShardPublishers;
import io.etherwatch.ingest.config.IngestConfig;
import io.etherwatch.ingest.coordination.WatchedGroups;
import io.etherwatch.ingest.domain.LogStreamCheckpoint;
import io.etherwatch.ingest.metrics.IngestMetrics;
import io.etherwatch.testsupport.KafkaResource;
import io.etherwatch.testsupport.MotoResource;
import io.etherwatch.testsupport.MotoServer;
import io.etherwatch.testsupport.SharedServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/**
 * Memory after an outage: a group whose checkpoint is an hour old has an hour of backlog in moto
 * (60,000 events); the first poll publishes it page by page to the real broker and must keep only
 * the ids a later read can return again (the lookback + late-margin window, plus a page), not the
 * hour. The group lives in another region of moto, so the running service does not follow it.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(MotoResource.class)
class BacklogMemoryTest {
  private static final int EVENTS = 60_000;
  private static final long HOUR = Duration.ofHours(1).toMillis();

  @Inject IngestConfig config;
  @Inject CommittedReader reader;
  @Inject RecordCodec codec;
  @Inject IngestMetrics metrics;
  @Inject ApiBudget budget;
  @Inject GroupDiscovery discovery;
  @Inject WatchedGroups watched;
  @Inject ShardPublishers publishers;

  @Test
  void theFirstPollAfterAnHourDownKeepsTheWindowNotTheBacklog() throws Exception {
    String group = "backlog-" + UUID.randomUUID().toString().substring(0, 8);
    long now = System.currentTimeMillis();
    long t0 = now - HOUR;
    long step = HOUR / EVENTS;
    GroupPoller poller;
    try (CloudWatchLogsClient logs =
        MotoServer.configure(CloudWatchLogsClient.builder(), SharedServices.motoEndpoint())
            .region(Region.EU_WEST_1)
            .build()) {
      logs.createLogGroup(b -> b.logGroupName(group));
      logs.createLogStream(b -> b.logGroupName(group).logStreamName("s"));
      for (int from = 0; from < EVENTS; from += 10_000) {
        List<InputLogEvent> batch = new ArrayList<>();
        for (int n = from; n < from + 10_000; n++) {
          batch.add(
              InputLogEvent.builder().timestamp(t0 + n * step).message("n=" + n + " s").build());
        }
        logs.putLogEvents(b -> b.logGroupName(group).logStreamName("s").logEvents(batch));
      }
      CloudWatchLogsGateway gateway = new CloudWatchLogsGateway(logs, budget, metrics, config);
      GroupPollerContext ctx =
          new GroupPollerContext(
              config, gateway, reader, codec, metrics, budget, discovery, watched);
      LogStreamCheckpoint before =
          new LogStreamCheckpoint(t0 - 1, t0 - 1, t0 - 2 * HOUR, Map.of(), Long.MIN_VALUE);
      poller =
          new GroupPoller(group, Map.of("s", before), Set.of(), ctx, System::currentTimeMillis);
      int shard = 2000 + ThreadLocalRandom.current().nextInt(100_000);
      try (ShardPublisher publisher = publishers.open(shard)) {
        publisher.init();
        poller.poll(publisher, () -> false);
      }
    }
    long window = config.lookback().plus(config.lateMargin()).toMillis() / step;
    assertThat(metrics.count("etherwatch.ingest.events", "group", group)).isEqualTo(EVENTS);
    assertThat(poller.handledIds())
        .as("ids kept after publishing an hour of backlog")
        .isLessThanOrEqualTo((int) window + config.pageSize());
  }
}
