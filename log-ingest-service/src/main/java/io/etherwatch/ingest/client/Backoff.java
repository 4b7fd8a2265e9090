package io.etherwatch.ingest.client;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of {@code initial ×
 * 2^n} (capped), so throttled callers spread out instead of retrying in lockstep.
 */
public final class Backoff {
  private final long initialMillis;
  private final long maxMillis;
  private final DoubleSupplier random;

  public Backoff(Duration initial, Duration max, DoubleSupplier random) {
    this.initialMillis = Math.max(1, initial.toMillis());
    this.maxMillis = Math.max(initialMillis, max.toMillis());
    this.random = random;
  }

  /** The wait before retry number {@code attempt} (0 for the first retry). */
  public Duration delay(int attempt) {
    long ceiling = initialMillis << Math.min(attempt, 30);
    long capped = ceiling <= 0 || ceiling > maxMillis ? maxMillis : ceiling;
    long half = capped / 2;
    return Duration.ofMillis(half + (long) (random.getAsDouble() * (capped - half)));
  }
}
