package io.etherwatch.ingest.budget;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket that hands out reservations in arrival order: a caller may take a token the bucket
 * does not have yet and waits until it would have been refilled, so waiting callers are served
 * fairly and never exceed the rate.
 */
public final class TokenBucket {
  private static final double NANOS_PER_SECOND = 1_000_000_000d;

  private final LongSupplier nanoClock;
  private final double capacity;
  private double ratePerSecond;
  private double tokens;
  private long last;

  public TokenBucket(double ratePerSecond, double capacity, LongSupplier nanoClock) {
    if (ratePerSecond <= 0 || capacity < 1) {
      throw new IllegalArgumentException("rate must be > 0 and capacity >= 1");
    }
    this.nanoClock = nanoClock;
    this.capacity = capacity;
    this.ratePerSecond = ratePerSecond;
    this.tokens = capacity;
    this.last = nanoClock.getAsLong();
  }

  /** Takes one token and returns how many nanoseconds the caller must wait before using it. */
  public synchronized long reserve() {
    refill();
    tokens -= 1;
    return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / ratePerSecond * NANOS_PER_SECOND);
  }

  /**
   * Takes one token only if it is spare: nobody waits and half the burst stays in the bucket (with
   * a burst of 1, only when the bucket is full), so a low-priority call never makes a regular call
   * wait that would not have waited anyway.
   */
  public synchronized boolean trySpare() {
    refill();
    if (tokens - 1 < Math.min(capacity / 2, capacity - 1)) {
      return false;
    }
    tokens -= 1;
    return true;
  }

  /** Takes one token, waiting for it. */
  public void acquire() throws InterruptedException {
    long wait = reserve();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  /** Changes the refill rate (this replica's share of the deployment's budget). */
  public synchronized void setRate(double ratePerSecond) {
    if (ratePerSecond <= 0) {
      throw new IllegalArgumentException("rate must be > 0");
    }
    refill();
    this.ratePerSecond = ratePerSecond;
  }

  public synchronized double rate() {
    return ratePerSecond;
  }

  private void refill() {
    long now = nanoClock.getAsLong();
    tokens = Math.min(capacity, tokens + (now - last) / NANOS_PER_SECOND * ratePerSecond);
    last = now;
  }
}
