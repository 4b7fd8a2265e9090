package io.etherwatch.ingest.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private final AtomicLong nanos = new AtomicLong();

  @Test
  void grantsTheBurstAtOnceThenSpacesCallsAtTheRate() {
    TokenBucket bucket = new TokenBucket(4, 2, nanos::get);
    assertThat(bucket.reserve()).isZero();
    assertThat(bucket.reserve()).isZero();
    assertThat(bucket.reserve()).isEqualTo(250_000_000L);
    assertThat(bucket.reserve()).isEqualTo(500_000_000L);
  }

  @Test
  void refillsWithTimeButNeverBeyondCapacity() {
    TokenBucket bucket = new TokenBucket(4, 2, nanos::get);
    bucket.reserve();
    bucket.reserve();
    nanos.addAndGet(10_000_000_000L);
    assertThat(bucket.reserve()).isZero();
    assertThat(bucket.reserve()).isZero();
    assertThat(bucket.reserve()).isPositive();
  }

  @Test
  void aSmallerShareSlowsTheRefill() {
    TokenBucket bucket = new TokenBucket(4, 1, nanos::get);
    bucket.reserve();
    bucket.setRate(1);
    assertThat(bucket.reserve()).isEqualTo(1_000_000_000L);
  }

  @Test
  void givesSpareTokensOnlyWhileHalfTheBurstRemainsAndNobodyWaits() {
    TokenBucket bucket = new TokenBucket(4, 4, nanos::get);
    assertThat(bucket.trySpare()).isTrue();
    assertThat(bucket.trySpare()).isTrue();
    assertThat(bucket.trySpare()).as("only 2 of 4 left: kept for regular calls").isFalse();
    assertThat(bucket.reserve()).isZero();
    assertThat(bucket.reserve()).isZero();
    assertThat(bucket.reserve()).as("a regular call waits").isPositive();
    nanos.addAndGet(500_000_000L);
    assertThat(bucket.trySpare()).as("refilled only what the waiting call used").isFalse();
    assertThat(bucket.reserve()).as("the spare refusal took nothing").isZero();
  }

  @Test
  void refusesANonPositiveRate() {
    assertThatThrownBy(() -> new TokenBucket(0, 1, nanos::get))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
