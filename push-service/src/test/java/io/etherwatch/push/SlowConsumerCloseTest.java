package io.etherwatch.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.etherwatch.logevent.LogEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading for good is closed with 1013 once its send queue has stayed full
 * longer than {@code slow-consumer-close-after}; a normal client on the same replica receives every
 * event meanwhile. Its own profile (one more boot): the shared one never closes, so that {@link
 * SlowConsumerTest} sees GAPs.
 */
@QuarkusTest
@TestProfile(SlowConsumerCloseTest.QuickClose.class)
class SlowConsumerCloseTest extends PushTestBase {
  private static final int BATCH = 50;

  public static final class QuickClose implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "etherwatch.push.slow-consumer-close-after", "1s",
          "etherwatch.push.send-queue-bytes", "4194304");
    }
  }

  @Test
  void clientWhoseQueueStaysFullIsClosedWith1013AndTheOtherGetsEverything() {
    LogFixture fixture = LogFixture.create("slowclose", 1, "s1");
    String padding = "x".repeat(8 * 1024);
    try (SlowAndNormal clients = slowAndNormal(fixture.group)) {
      WsClient slow = clients.slow();
      // About 4 MB/s until the server has closed the slow client (or a minute has passed).
      int produced = 0;
      long deadline = System.currentTimeMillis() + 60_000;
      while (slowCloses() == 0 && System.currentTimeMillis() < deadline) {
        List<LogEvent> events = new ArrayList<>();
        for (int i = produced; i < produced + BATCH; i++) {
          events.add(fixture.event("s1", i + " " + padding));
        }
        fixture.produce(events);
        produced += BATCH;
        sleep(100);
      }
      assertThat(slowCloses()).isEqualTo(1);

      assertThat(numbers(events(clients.normal(), clients.normalSub(), produced)))
          .isEqualTo(IntStream.range(0, produced).boxed().toList());
      assertThat(clients.normal().isClosed()).isFalse();

      // What the slow client had been sent before the close still arrives, in order, then 1013.
      slow.resume();
      assertThat(slow.closeCode()).isEqualTo(1013);
      List<Integer> slowSeen = new ArrayList<>();
      for (JsonObject frame : slow.received()) {
        if ("LOG_EVENTS".equals(frame.getString("type"))
            && clients.slowSub().equals(frame.getString("subscriptionId"))) {
          slowSeen.addAll(numbers(eventsOf(frame)));
        }
      }
      assertThat(slowSeen).doesNotHaveDuplicates().isSorted();
      assertThat(slowSeen.size()).isLessThan(produced);
    }
  }

  private static double slowCloses() {
    return metric("etherwatch_push_slow_consumer_closes_total");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
