package io.etherwatch.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.etherwatch.push.delivery.Outbox;
import io.etherwatch.push.delivery.Subscription;
import io.etherwatch.push.domain.Frame;
import io.etherwatch.push.domain.SubscriptionShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class OutboxTest {

  /** A transport whose writes complete only when the test says so, like a client that stalls. */
  static final class StalledTransport implements Outbox.Transport {
    final List<String> written = new ArrayList<>();
    final List<CompletableFuture<Void>> pending = new ArrayList<>();
    int closedWith;

    @Override
    public CompletionStage<Void> send(Frame frame) {
      written.add(frame.text());
      CompletableFuture<Void> done = new CompletableFuture<>();
      pending.add(done);
      return done;
    }

    @Override
    public void close(int code, String reason) {
      closedWith = code;
    }

    void completeAll() {
      while (!pending.isEmpty()) {
        pending.remove(0).complete(null);
      }
    }
  }

  static final class Counting implements Outbox.Listener {
    long delivered;
    long missed;
    int slowCloses;

    @Override
    public void delivered(int events) {
      delivered += events;
    }

    @Override
    public void gap(String reason, long missed) {
      this.missed += missed;
    }

    @Override
    public void closedSlow() {
      slowCloses++;
    }
  }

  private static Subscription sub(Outbox outbox) {
    return new Subscription(
        "sub-1",
        "c1",
        new SubscriptionShape(
            "g", Set.of(), io.etherwatch.push.domain.FilterPattern.parse(null), 0),
        Set.of("logs.g"),
        outbox);
  }

  @Test
  void dropsWhenFullThenSendsGapWithMissedCountBeforeNextEvents() {
    StalledTransport transport = new StalledTransport();
    Counting counting = new Counting();
    Outbox outbox = new Outbox(transport, counting, 100, 60_000);
    Subscription sub = sub(outbox);
    Frame frame = Frame.text("f".repeat(40));
    for (int i = 0; i < 5; i++) {
      outbox.offerEvents(sub, frame, 10);
    }
    assertThat(transport.written).hasSize(1);
    transport.completeAll();
    transport.completeAll();
    assertThat(counting.delivered).isEqualTo(20);
    assertThat(transport.written).anyMatch(w -> w.contains("\"type\":\"GAP\""));
    String gap =
        transport.written.stream().filter(w -> w.contains("GAP")).findFirst().orElseThrow();
    assertThat(gap)
        .isEqualTo(
            "{\"type\":\"GAP\",\"subscriptionId\":\"sub-1\",\"reason\":\"slow_consumer\",\"missed\":30}");
    assertThat(counting.missed).isEqualTo(30);
  }

  @Test
  void closesWith1013WhenQueueStaysFull() throws InterruptedException {
    StalledTransport transport = new StalledTransport();
    Counting counting = new Counting();
    Outbox outbox = new Outbox(transport, counting, 100, 0);
    Subscription sub = sub(outbox);
    outbox.offerEvents(sub, Frame.text("f".repeat(80)), 1);
    outbox.offerEvents(sub, Frame.text("f".repeat(80)), 1);
    Thread.sleep(5);
    outbox.offerEvents(sub, Frame.text("f".repeat(80)), 1);
    assertThat(transport.closedWith).isEqualTo(1013);
    assertThat(outbox.closed()).isTrue();
    assertThat(counting.slowCloses).isEqualTo(1);
  }

  @Test
  void answersCountAgainstTheBoundAndOneThatDoesNotFitCloses1013() {
    StalledTransport transport = new StalledTransport();
    Counting counting = new Counting();
    Outbox outbox = new Outbox(transport, counting, 1000, 60_000);
    String error = "{\"type\":\"ERROR\",\"error\":\"x\",\"message\":\"" + "m".repeat(60) + "\"}";
    for (int i = 0; i < 100 && !outbox.closed(); i++) {
      outbox.offer(error);
      assertThat(outbox.queuedBytes()).isLessThanOrEqualTo(1000);
    }
    assertThat(outbox.closed()).isTrue();
    assertThat(transport.closedWith).isEqualTo(1013);
    assertThat(outbox.peakBytes()).isLessThanOrEqualTo(1000).isGreaterThan(900);
    assertThat(counting.slowCloses).isEqualTo(1);
  }

  @Test
  void eventsAndTheirGapNeverPassTheBound() {
    StalledTransport transport = new StalledTransport();
    Counting counting = new Counting();
    Outbox outbox = new Outbox(transport, counting, 300, 60_000);
    Subscription sub = sub(outbox);
    for (int round = 0; round < 20; round++) {
      for (int i = 0; i < 10; i++) {
        outbox.offerEvents(sub, Frame.text("e".repeat(90)), 1);
        assertThat(outbox.queuedBytes()).isLessThanOrEqualTo(300);
      }
      transport.pending.remove(0).complete(null);
      assertThat(outbox.queuedBytes()).isLessThanOrEqualTo(300);
    }
    assertThat(outbox.peakBytes()).isLessThanOrEqualTo(300);
    assertThat(transport.written).anyMatch(w -> w.contains("\"type\":\"GAP\""));
  }

  @Test
  void idleFrameIsQueuedOnlyWhenNothingWaits() {
    StalledTransport transport = new StalledTransport();
    Outbox outbox = new Outbox(transport, new Counting(), 1000, 60_000);
    outbox.offerWhenIdle(Frame.comment("heartbeat"));
    assertThat(transport.written).containsExactly("heartbeat");
    outbox.offerWhenIdle(Frame.comment("heartbeat"));
    assertThat(transport.written).hasSize(1);
    assertThat(outbox.queuedBytes()).isEqualTo("heartbeat".length());
    transport.completeAll();
    outbox.offerWhenIdle(Frame.comment("heartbeat"));
    assertThat(transport.written).hasSize(2);
  }

  @Test
  void clientThatReadsSlowlyStillGetsItsRepliesWhileEventsAreDropped() {
    StalledTransport transport = new StalledTransport();
    Counting counting = new Counting();
    Outbox outbox = new Outbox(transport, counting, 1000, 60_000);
    Subscription sub = sub(outbox);
    for (int i = 0; i < 50; i++) {
      outbox.offerEvents(sub, Frame.text("e".repeat(100)), 1);
    }
    outbox.offer("{\"type\":\"LOG_STREAM_REPLY\",\"requestId\":\"r1\",\"success\":true}");
    assertThat(outbox.closed()).isFalse();
    assertThat(outbox.queuedBytes()).isLessThanOrEqualTo(1000);
    for (int i = 0; i < 20; i++) {
      transport.completeAll();
    }
    assertThat(transport.written).anyMatch(w -> w.contains("LOG_STREAM_REPLY"));
    assertThat(counting.slowCloses).isZero();
  }
}
