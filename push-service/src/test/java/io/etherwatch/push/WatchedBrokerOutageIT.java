package io.etherwatch.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.etherwatch.push.client.WatchedTopic;
import io.etherwatch.push.delivery.WatchedAnnouncer;
import io.etherwatch.testsupport.KafkaBroker;
import io.etherwatch.testsupport.SharedServices;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Fault: the broker stops (controlled shutdown) while groups are watched and subscriptions come and
 * go, then starts again on the same port. Subscribing never waits for Kafka, and after the restart
 * the topic holds exactly the state of the counts: no group missing, none left over.
 */
class WatchedBrokerOutageIT {
  private static final String REPLICA = "replica-outage";

  @Test
  void changesDuringABrokerOutageReachTheTopicOnceItIsBack() {
    KafkaBroker broker =
        KafkaBroker.start(SharedServices.runDir().resolve("kafka-watched-" + UUID.randomUUID()));
    String topic = "etherwatch.push.watched.outage";
    WatchedAnnouncer announcer =
        new WatchedAnnouncer(
            new WatchedTopic(broker.bootstrapServers(), topic),
            REPLICA,
            Duration.ofMillis(300),
            Duration.ofSeconds(1));
    try {
      announcer.added("/o/kept");
      announcer.added("/o/left");
      try (WatchedRecords records = new WatchedRecords(broker.bootstrapServers(), topic)) {
        records.awaitRecord("/o/kept", v -> v.getInteger("subscribers") == 1);
        records.awaitRecord("/o/left", v -> v.getInteger("subscribers") == 1);
      }

      broker.stop();
      // Blocking on the broker would cost seconds per change (max.block.ms, delivery timeout).
      assertTimeoutPreemptively(
          Duration.ofSeconds(5),
          () -> {
            announcer.added("/o/kept");
            announcer.removed("/o/left");
            announcer.added("/o/new");
          });
      assertThat(announcer.subscribers("/o/kept")).isEqualTo(2);
      assertThat(announcer.subscribers("/o/left")).isZero();
      assertThat(announcer.subscribers("/o/new")).isEqualTo(1);
      assertThat(announcer.watchedGroups()).isEqualTo(2);
      broker.restart();

      try (WatchedRecords records = new WatchedRecords(broker.bootstrapServers(), topic)) {
        records.awaitRecord("/o/kept", v -> v.getInteger("subscribers") == 2);
        records.awaitRecord("/o/new", v -> v.getInteger("subscribers") == 1);
        records.awaitTombstone("/o/left");
        // Nothing else was written, and by this replica only.
        for (String group : List.of("/o/kept", "/o/new", "/o/left")) {
          assertThat(records.entries(group))
              .extracting(WatchedRecords.Entry::replica)
              .containsOnly(REPLICA);
        }
        Set<Integer> newCounts =
            records.entries("/o/new").stream()
                .map(e -> e.value() == null ? 0 : e.value().getInteger("subscribers"))
                .collect(Collectors.toSet());
        assertThat(newCounts).containsOnly(1);

        announcer.close();
        records.awaitTombstone("/o/kept");
        records.awaitTombstone("/o/new");
      }
    } finally {
      announcer.close();
      broker.stop();
    }
  }
}
