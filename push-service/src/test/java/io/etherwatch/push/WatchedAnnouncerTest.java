package io.etherwatch.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.etherwatch.push.client.WatchedTopic;
import io.etherwatch.push.delivery.WatchedAnnouncer;
import io.etherwatch.testsupport.Ports;
import io.etherwatch.testsupport.SharedServices;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * {@link WatchedAnnouncer} built by hand against the real broker, each test on a topic of its own:
 * shutdown tombstones, exact counts under concurrent subscribe and unsubscribe, the config check
 * and a broker that is down.
 */
class WatchedAnnouncerTest {
  private static final Duration HOUR = Duration.ofHours(1);

  private static String newTopic() {
    return "etherwatch.push.watched.test-" + UUID.randomUUID();
  }

  private static WatchedAnnouncer announcer(String topic, Duration heartbeat, Duration ttl) {
    return new WatchedAnnouncer(
        new WatchedTopic(SharedServices.kafkaBootstrapServers(), topic),
        "replica-t",
        heartbeat,
        ttl);
  }

  @Test
  void theFirstSubscriberIsWrittenAtOnceAndShutdownTombstonesEveryGroup() {
    String topic = newTopic();
    // A heartbeat of an hour: whatever is read below was written by the subscribe itself.
    WatchedAnnouncer announcer = announcer(topic, HOUR, Duration.ofHours(3));
    try (WatchedRecords records = new WatchedRecords(topic)) {
      announcer.added("/g/a");
      announcer.added("/g/b");
      announcer.added("/g/b");
      JsonObject a = records.awaitRecord("/g/a", v -> v.getInteger("subscribers") == 1);
      assertThat(a.getString("replica")).isEqualTo("replica-t");
      assertThat(a.getLong("expiresAt") - a.getLong("heartbeatAt"))
          .isEqualTo(Duration.ofHours(3).toMillis());
      records.awaitRecord("/g/b", v -> v.getInteger("subscribers") >= 1);
      assertThat(announcer.watchedGroups()).isEqualTo(2);

      announcer.close();
      assertThat(records.awaitTombstone("/g/a").replica()).isEqualTo("replica-t");
      assertThat(records.awaitTombstone("/g/b").replica()).isEqualTo("replica-t");
      // Counted, never written after the close.
      announcer.added("/g/late");
      assertThat(records.entries("/g/late")).isEmpty();
    }
  }

  @Test
  void countsStayExactUnderConcurrentSubscribeAndUnsubscribe() throws Exception {
    String topic = newTopic();
    WatchedAnnouncer announcer = announcer(topic, Duration.ofMillis(200), Duration.ofSeconds(1));
    int threads = 8;
    int groups = 5;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> running = new ArrayList<>();
    try (WatchedRecords records = new WatchedRecords(topic)) {
      for (int t = 0; t < threads; t++) {
        running.add(
            pool.submit(
                () -> {
                  start.await();
                  // Each group goes through 0 → 1 → 0 over and over; group g keeps g per thread.
                  for (int round = 0; round < 500; round++) {
                    for (int g = 0; g < groups; g++) {
                      announcer.added("/g/" + g);
                      announcer.removed("/g/" + g);
                    }
                  }
                  for (int g = 0; g < groups; g++) {
                    for (int k = 0; k < g; k++) {
                      announcer.added("/g/" + g);
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : running) {
        f.get();
      }
      for (int g = 0; g < groups; g++) {
        assertThat(announcer.subscribers("/g/" + g)).as("group %d", g).isEqualTo(threads * g);
      }
      assertThat(announcer.watchedGroups()).isEqualTo(groups - 1);
      for (int g = 1; g < groups; g++) {
        int expected = threads * g;
        records.awaitRecord("/g/" + g, v -> v.getInteger("subscribers") == expected);
      }
      // Two more heartbeats after the final counts: what the churn of /g/0 wrote is settled.
      records.awaitEntries("/g/1", records.entries("/g/1").size() + 2);
      List<WatchedRecords.Entry> zero = records.entries("/g/0");
      if (!zero.isEmpty()) {
        assertThat(zero.get(zero.size() - 1).value()).as("/g/0 ends with a tombstone").isNull();
      }

      for (int t = 0; t < threads; t++) {
        for (int g = 1; g < groups; g++) {
          for (int k = 0; k < g; k++) {
            announcer.removed("/g/" + g);
          }
        }
      }
      assertThat(announcer.watchedGroups()).isZero();
      for (int g = 1; g < groups; g++) {
        records.awaitTombstone("/g/" + g);
      }
    } finally {
      pool.shutdownNow();
      announcer.close();
    }
  }

  @Test
  void refusesATtlNotLongerThanTheHeartbeat() {
    WatchedTopic topic = new WatchedTopic(SharedServices.kafkaBootstrapServers(), newTopic());
    try {
      assertThatThrownBy(
              () -> new WatchedAnnouncer(topic, "r", Duration.ofSeconds(5), Duration.ofSeconds(5)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("etherwatch.push.watched.ttl");
      assertThatThrownBy(
              () -> new WatchedAnnouncer(topic, "r", Duration.ofSeconds(5), Duration.ofSeconds(4)))
          .isInstanceOf(IllegalArgumentException.class);
    } finally {
      topic.close(Duration.ofSeconds(1));
    }
  }

  @Test
  void aBrokerThatIsDownNeverHoldsASubscriberUp() {
    // Nothing listens on this port: every Kafka call of the announcer waits for its timeout.
    String nowhere = "127.0.0.1:" + Ports.free();
    WatchedAnnouncer announcer =
        new WatchedAnnouncer(
            new WatchedTopic(nowhere, newTopic()),
            "r",
            Duration.ofMillis(200),
            Duration.ofSeconds(1));
    try {
      // Blocking on Kafka would cost seconds per group (max.block.ms, the admin timeout).
      assertTimeoutPreemptively(
          Duration.ofSeconds(5),
          () -> {
            for (int g = 0; g < 100; g++) {
              announcer.added("/down/" + g);
            }
            for (int g = 0; g < 50; g++) {
              announcer.removed("/down/" + g);
            }
          });
      assertThat(announcer.watchedGroups()).isEqualTo(50);
    } finally {
      announcer.close();
    }
  }
}
