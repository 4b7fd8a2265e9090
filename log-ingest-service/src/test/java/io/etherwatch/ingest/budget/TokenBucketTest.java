package io.etherwatch.ingest.budget;

import static io.etherwatch.ingest.client.CallBudget.Priority.REGULAR;
import static io.etherwatch.ingest.client.CallBudget.Priority.WATCHED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etherwatch.ingest.budget.TokenBucket.Ticket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private final AtomicLong nanos = new AtomicLong();

  @Test
  void grantsTheBurstAtOnceThenSpacesCallsAtTheRate() {
    TokenBucket bucket = new TokenBucket(4, 2, nanos::get);
    assertThat(bucket.take(bucket.enqueue(REGULAR))).isZero();
    assertThat(bucket.take(bucket.enqueue(REGULAR))).isZero();
    Ticket third = bucket.enqueue(REGULAR);
    Ticket fourth = bucket.enqueue(REGULAR);
    assertThat(bucket.take(third)).isEqualTo(250_000_000L);
    assertThat(bucket.take(fourth)).isEqualTo(500_000_000L);
    nanos.addAndGet(250_000_000L);
    assertThat(bucket.take(fourth)).as("not before the one ahead of it").isPositive();
    assertThat(bucket.take(third)).isZero();
    assertThat(bucket.take(fourth)).isEqualTo(250_000_000L);
  }

  @Test
  void refillsWithTimeButNeverBeyondCapacity() {
    TokenBucket bucket = new TokenBucket(4, 2, nanos::get);
    bucket.take(bucket.enqueue(REGULAR));
    bucket.take(bucket.enqueue(REGULAR));
    nanos.addAndGet(10_000_000_000L);
    assertThat(bucket.take(bucket.enqueue(REGULAR))).isZero();
    assertThat(bucket.take(bucket.enqueue(REGULAR))).isZero();
    assertThat(bucket.take(bucket.enqueue(REGULAR))).isPositive();
  }

  @Test
  void aSmallerShareSlowsTheRefill() {
    TokenBucket bucket = new TokenBucket(4, 1, nanos::get);
    bucket.take(bucket.enqueue(REGULAR));
    bucket.setRate(1);
    assertThat(bucket.take(bucket.enqueue(REGULAR))).isEqualTo(1_000_000_000L);
  }

  @Test
  void aWatchedCallGoesBeforeRegularCallsThatQueuedEarlierWithoutExceedingTheRate() {
    TokenBucket bucket = new TokenBucket(2, 1, nanos::get);
    assertThat(bucket.take(bucket.enqueue(REGULAR))).isZero();
    List<Ticket> regular = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      regular.add(bucket.enqueue(REGULAR));
      assertThat(bucket.take(regular.get(i))).isPositive();
    }
    Ticket watched = bucket.enqueue(WATCHED);
    assertThat(bucket.take(watched)).as("only the next token to wait for").isEqualTo(500_000_000L);

    nanos.addAndGet(500_000_000L);
    assertThat(bucket.take(regular.get(0))).as("the watched call is served first").isPositive();
    assertThat(bucket.take(watched)).isZero();
    assertThat(bucket.take(regular.get(0))).as("one token per 500 ms, whoever asks").isPositive();

    nanos.addAndGet(500_000_000L);
    assertThat(bucket.take(regular.get(1))).as("regular calls keep their order").isPositive();
    assertThat(bucket.take(regular.get(0))).isZero();
  }

  @Test
  void watchedCallsAreServedInArrivalOrder() {
    TokenBucket bucket = new TokenBucket(1, 1, nanos::get);
    bucket.take(bucket.enqueue(REGULAR));
    Ticket first = bucket.enqueue(WATCHED);
    Ticket second = bucket.enqueue(WATCHED);
    nanos.addAndGet(1_000_000_000L);
    assertThat(bucket.take(second)).isPositive();
    assertThat(bucket.take(first)).isZero();
  }

  @Test
  void aCallerThatGivesUpLeavesTheLine() {
    TokenBucket bucket = new TokenBucket(1, 1, nanos::get);
    bucket.take(bucket.enqueue(REGULAR));
    Ticket gone = bucket.enqueue(WATCHED);
    Ticket next = bucket.enqueue(REGULAR);
    bucket.leave(gone);
    nanos.addAndGet(1_000_000_000L);
    assertThat(bucket.take(next)).isZero();
  }

  @Test
  void givesSpareTokensOnlyWhileHalfTheBurstRemainsAndNobodyWaits() {
    TokenBucket bucket = new TokenBucket(4, 4, nanos::get);
    assertThat(bucket.trySpare()).isTrue();
    assertThat(bucket.trySpare()).isTrue();
    assertThat(bucket.trySpare()).as("only 2 of 4 left: kept for regular calls").isFalse();
    assertThat(bucket.take(bucket.enqueue(REGULAR))).isZero();
    assertThat(bucket.take(bucket.enqueue(REGULAR))).isZero();
    Ticket waiting = bucket.enqueue(REGULAR);
    assertThat(bucket.take(waiting)).as("a regular call waits").isPositive();
    nanos.addAndGet(10_000_000_000L);
    assertThat(bucket.trySpare()).as("nothing spare while someone waits").isFalse();
    assertThat(bucket.take(waiting)).as("the spare refusal took nothing").isZero();
    assertThat(bucket.trySpare()).isTrue();
  }

  @Test
  void refusesANonPositiveRate() {
    assertThatThrownBy(() -> new TokenBucket(0, 1, nanos::get))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBoundedWaitThatTimesOutKeepsItsPlaceAndItsToken() throws InterruptedException {
    TokenBucket bucket = new TokenBucket(4, 1, nanos::get);
    assertThat(bucket.tryAcquire(bucket.enqueue(REGULAR), 0)).as("the burst's token").isTrue();
    Ticket parked = bucket.enqueue(REGULAR);
    assertThat(bucket.tryAcquire(parked, 0)).as("no token and no time to wait").isFalse();
    Ticket behind = bucket.enqueue(REGULAR);
    assertThat(bucket.take(behind)).as("the parked caller is still ahead").isEqualTo(500_000_000L);
    nanos.addAndGet(250_000_000L);
    assertThat(bucket.take(behind))
        .as("the token that came went to the parked caller, not to the one behind it")
        .isPositive();
    assertThat(bucket.tryAcquire(parked, 0)).as("set aside for it while it was away").isTrue();
    nanos.addAndGet(250_000_000L);
    assertThat(bucket.take(behind)).isZero();
  }

  @Test
  void aParkedRegularCallerStillWaitsForWatchedOnes() throws InterruptedException {
    TokenBucket bucket = new TokenBucket(4, 1, nanos::get);
    assertThat(bucket.tryAcquire(bucket.enqueue(REGULAR), 0)).isTrue();
    Ticket parked = bucket.enqueue(REGULAR);
    assertThat(bucket.tryAcquire(parked, 0)).isFalse();
    Ticket watched = bucket.enqueue(WATCHED);
    nanos.addAndGet(250_000_000L);
    assertThat(bucket.take(watched)).as("watched first").isZero();
    assertThat(bucket.tryAcquire(parked, 0)).isFalse();
    nanos.addAndGet(250_000_000L);
    assertThat(bucket.tryAcquire(parked, 0)).isTrue();
  }

  @Test
  void aParkedCallerThatLeavesGivesItsSetAsideTokenBack() throws InterruptedException {
    TokenBucket bucket = new TokenBucket(4, 1, nanos::get);
    assertThat(bucket.tryAcquire(bucket.enqueue(REGULAR), 0)).isTrue();
    Ticket parked = bucket.enqueue(REGULAR);
    assertThat(bucket.tryAcquire(parked, 0)).isFalse();
    nanos.addAndGet(250_000_000L);
    Ticket behind = bucket.enqueue(REGULAR);
    assertThat(bucket.take(behind)).as("the token is set aside for the parked caller").isPositive();
    bucket.leave(parked);
    assertThat(bucket.take(behind)).as("its token came back when it left").isZero();
  }

  @Test
  void aBoundedWaitTakesTheTokenThatComesInTime() throws InterruptedException {
    TokenBucket bucket = new TokenBucket(10, 1, System::nanoTime);
    assertThat(bucket.tryAcquire(bucket.enqueue(REGULAR), 0)).isTrue();
    Ticket next = bucket.enqueue(REGULAR);
    assertThat(bucket.tryAcquire(next, 1_000_000L)).as("100 ms to the next token").isFalse();
    assertThat(bucket.tryAcquire(next, 2_000_000_000L)).isTrue();
  }
}
