package io.etherwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etherwatch.ingest.client.ShardFencedException;
import io.etherwatch.ingest.client.ShardPublisher;
import io.etherwatch.ingest.client.ShardPublishers;
import io.etherwatch.ingest.domain.CheckpointUpdate;
import io.etherwatch.ingest.domain.FetchedEvent;
import io.etherwatch.ingest.domain.LogStreamCheckpoint;
import io.etherwatch.ingest.domain.LogStreamPartition;
import io.etherwatch.logevent.LogEvent;
import io.etherwatch.testsupport.KafkaResource;
import io.etherwatch.testsupport.MotoResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A shard's transactional id fences an earlier owner: a paused or replaced replica's writes fail.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(MotoResource.class)
class FencingTest {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Inject ShardPublishers publishers;

  @Test
  void aNewOwnerOfTheShardFencesTheOldOneAndOnlyCommittedEventsAreSeen() {
    String group = "fence-" + UUID.randomUUID().toString().substring(0, 8);
    // A shard number the running service does not own, so only this test uses its id.
    int shard = 1000 + ThreadLocalRandom.current().nextInt(100_000);
    LogStreamPartition partition = new LogStreamPartition(group, "s");
    try (ShardPublisher old = publishers.open(shard);
        ShardPublisher replacement = publishers.open(shard)) {
      old.init();
      old.publish(group, List.of(event(0)), List.of(update(partition, 0)));
      replacement.init();

      assertThatThrownBy(() -> old.publish(group, List.of(event(1)), List.of(update(partition, 1))))
          .isInstanceOf(ShardFencedException.class);
      replacement.publish(group, List.of(event(2)), List.of(update(partition, 2)));
    }

    assertThat(PublishedEvents.of(bootstrap, group))
        .extracting(LogEvent::message)
        .containsExactly(LogsFixture.message("s", 0), LogsFixture.message("s", 2));
  }

  private static FetchedEvent event(int n) {
    long now = System.currentTimeMillis();
    return new FetchedEvent("fence-" + n, "s", now + n, now + n, LogsFixture.message("s", n));
  }

  private static CheckpointUpdate update(LogStreamPartition partition, int n) {
    return new CheckpointUpdate(partition, LogStreamCheckpoint.initial(0), checkpoint(n));
  }

  private static LogStreamCheckpoint checkpoint(int n) {
    long now = System.currentTimeMillis();
    return LogStreamCheckpoint.initial(now).advancedTo(now + n, now + n);
  }
}
