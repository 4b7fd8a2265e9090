package io.etherwatch.tail;

import static org.assertj.core.api.Assertions.assertThat;

import io.etherwatch.tail.domain.Backoff;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void growsExponentiallyWithJitterUpToTheCap() {
    Backoff backoff =
        new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), new SplittableRandom(7));
    long[] ceilings = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
    for (long ceiling : ceilings) {
      Duration delay = backoff.next();
      assertThat(delay.toMillis()).isBetween(ceiling / 10, ceiling);
    }
  }

  @Test
  void jitterSpreadsClientsCutOffTogether() {
    long distinct =
        java.util.stream.IntStream.range(0, 50)
            .mapToLong(
                seed -> {
                  Backoff b =
                      new Backoff(
                          Duration.ofMillis(500),
                          Duration.ofSeconds(30),
                          new SplittableRandom(seed));
                  b.next();
                  b.next();
                  return b.next().toMillis();
                })
            .distinct()
            .count();
    assertThat(distinct).isGreaterThan(40);
  }

  @Test
  void resetStartsOverAfterAConnectionThatWorked() {
    Backoff backoff =
        new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), new SplittableRandom(1));
    for (int i = 0; i < 10; i++) {
      backoff.next();
    }
    backoff.reset();
    assertThat(backoff.next().toMillis()).isBetween(50L, 500L);
  }
}
