package io.etherwatch.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.etherwatch.logevent.LogEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SlowConsumerTest extends PushTestBase {
  private static final int EVENTS = 8000;

  @Test
  void stalledClientGetsGapWhileNormalClientReceivesEverything() {
    LogFixture fixture = LogFixture.create("slow", 1, "s1");
    String padding = "x".repeat(8 * 1024);
    try (SlowAndNormal clients = slowAndNormal(fixture.group)) {
      WsClient slow = clients.slow();
      String slowSub = clients.slowSub();
      for (int batch = 0; batch < EVENTS / 100; batch++) {
        List<LogEvent> events = new ArrayList<>();
        for (int i = batch * 100; i < batch * 100 + 100; i++) {
          events.add(fixture.event("s1", i + " " + padding));
        }
        fixture.produce(events);
      }

      List<Integer> normalSeen = numbers(events(clients.normal(), clients.normalSub(), EVENTS));
      assertThat(normalSeen)
          .isEqualTo(java.util.stream.IntStream.range(0, EVENTS).boxed().toList());
      assertThat(slow.isClosed()).isFalse();

      slow.resume();
      fixture.produce(List.of(fixture.event("s1", EVENTS + " marker")));
      List<Integer> slowSeen = new ArrayList<>();
      long missed = 0;
      int gaps = 0;
      while (!slowSeen.contains(EVENTS)) {
        JsonObject frame = slow.next(f -> slowSub.equals(f.getString("subscriptionId")));
        if ("GAP".equals(frame.getString("type"))) {
          assertThat(frame.getString("reason")).isEqualTo("slow_consumer");
          missed += frame.getLong("missed");
          gaps++;
        } else {
          slowSeen.addAll(numbers(eventsOf(frame)));
        }
      }
      assertThat(gaps).isPositive();
      assertThat(slowSeen).doesNotHaveDuplicates().isSorted();
      assertThat(slowSeen.size() - 1 + missed).isEqualTo(EVENTS);
    }
  }
}
