package io.etherwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.etherwatch.ingest.metrics.IngestMetrics;
import io.etherwatch.testsupport.KafkaResource;
import io.etherwatch.testsupport.MotoResource;
import io.etherwatch.testsupport.SharedServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * With {@code read-delay} the frequent read stops that far behind now and starts at the newest
 * event without overlap: streams that send their events late (here stream b, whose batches are
 * older than stream a's newest event) still arrive exactly once and in order.
 */
@QuarkusTest
@TestProfile(ReadDelayTest.Delayed.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(MotoResource.class)
class ReadDelayTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** Frequent reads 5 s behind now, no overlap; sweeps rare, so the frequent read does the work. */
  public static class Delayed implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "etherwatch.ingest.read-delay", "5s",
          "etherwatch.ingest.min-overlap", "0s",
          "etherwatch.ingest.poll-interval-min", "500ms",
          "etherwatch.ingest.sweep-interval", "10m");
    }
  }

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Inject IngestMetrics metrics;

  @Test
  void staggeredStreamsArriveOnceInOrder() throws InterruptedException {
    String group = "delay-" + UUID.randomUUID().toString().substring(0, 8);
    try (LogsFixture logs = new LogsFixture(SharedServices.motoEndpoint())) {
      logs.createGroup(group);
      logs.createStream(group, "a");
      logs.createStream(group, "b");
      logs.putNumbered(group, "a", 0, 1, System.currentTimeMillis());
      PublishedEvents.awaitComplete(bootstrap, group, Map.of("a", 1), WAIT);
      double frequent = metrics.count("etherwatch.ingest.api.calls", "read", "frequent");
      // Ten rounds: a's events are stamped now, b's (sent just after) 1 s earlier, so every batch
      // of b is older than the newest event a already has. Without the delay the frequent read
      // would start past them and only the sweep, 10 minutes on, would find them.
      for (int round = 0; round < 10; round++) {
        long now = System.currentTimeMillis();
        logs.putNumbered(group, "a", 1 + round * 20, 1 + (round + 1) * 20, now - 1 - round * 20);
        logs.putNumbered(group, "b", round * 20, (round + 1) * 20, now - 1_000 - round * 20);
        Thread.sleep(700);
      }
      try {
        PublishedEvents.awaitComplete(bootstrap, group, Map.of("a", 201, "b", 200), WAIT);
      } catch (RuntimeException e) {
        System.out.println(
            "DEBUG " + PublishedEvents.numbersByStream(PublishedEvents.of(bootstrap, group)));
        throw e;
      }
      PublishedEvents.assertExactlyOnceInOrder(bootstrap, group, Map.of("a", 201, "b", 200));
      assertThat(metrics.count("etherwatch.ingest.api.calls", "read", "frequent"))
          .as("the frequent read published them, no sweep was due")
          .isGreaterThan(frequent);
      assertThat(metrics.count("etherwatch.ingest.late.events", "group", group)).isZero();
    }
  }
}
