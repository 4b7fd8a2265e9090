package io.etherwatch.ingest.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesPerAttemptWithinHalfToFullJitter() {
    Backoff low = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(20), () -> 0.0);
    Backoff high = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(20), () -> 0.999999);
    assertThat(low.delay(0)).isEqualTo(Duration.ofMillis(100));
    assertThat(high.delay(0)).isEqualTo(Duration.ofMillis(199));
    assertThat(low.delay(3)).isEqualTo(Duration.ofMillis(800));
    assertThat(high.delay(3)).isEqualTo(Duration.ofMillis(1599));
  }

  @Test
  void staysUnderTheCapHoweverManyAttempts() {
    Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(20), () -> 0.999999);
    assertThat(backoff.delay(10)).isLessThanOrEqualTo(Duration.ofSeconds(20));
    assertThat(backoff.delay(1000)).isLessThanOrEqualTo(Duration.ofSeconds(20));
    assertThat(backoff.delay(1000)).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
  }
}
