package io.etherwatch.tail.domain;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Reconnection delays: exponential from {@code base}, capped at {@code cap}, with "full jitter" (a
 * uniform draw between 0 and the exponential value, AWS Architecture Blog, "Exponential Backoff And
 * Jitter", 2015), so that many clients cut off by one restart do not return in step. {@link
 * #reset()} after a connection that worked.
 */
public final class Backoff {
  private final Duration base;
  private final Duration cap;
  private final RandomGenerator random;
  private int attempt;

  public Backoff(Duration base, Duration cap, RandomGenerator random) {
    this.base = base;
    this.cap = cap;
    this.random = random;
  }

  /** The delay before the next attempt; each call counts one attempt. */
  public Duration next() {
    long ceiling = base.toMillis() << Math.min(attempt, 20);
    attempt++;
    long bounded = Math.min(cap.toMillis(), ceiling);
    // Never below a tenth of the bound: a zero delay in a loop of refused connections spins.
    long floor = bounded / 10;
    return Duration.ofMillis(floor + random.nextLong(bounded - floor + 1));
  }

  public void reset() {
    attempt = 0;
  }
}
