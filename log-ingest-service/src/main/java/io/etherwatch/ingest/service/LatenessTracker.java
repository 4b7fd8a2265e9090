package io.etherwatch.ingest.service;

import java.util.Arrays;

/**
 * The lateness ({@code ingestionTime − timestamp}) a group's events actually show: the 99th
 * percentile of the events published since the last sweep (a bounded sample), so that one very late
 * event widens the frequent read's overlap for one sweep period only.
 */
public final class LatenessTracker {
  private static final int SAMPLE = 1024;

  private final long[] sample = new long[SAMPLE];
  private int size;
  private long seen;
  private long p99;

  /** Notes one published event's lateness. */
  public void observe(long lateness) {
    seen++;
    if (size < SAMPLE) {
      sample[size++] = lateness;
    } else {
      // Reservoir sampling: every event seen in the period has the same chance to be kept.
      long slot = (long) (Math.random() * seen);
      if (slot < SAMPLE) {
        sample[(int) slot] = lateness;
      }
    }
  }

  /** Ends a period: the percentile of its sample becomes current (kept if the period was empty). */
  public void roll() {
    if (size > 0) {
      long[] sorted = Arrays.copyOf(sample, size);
      Arrays.sort(sorted);
      p99 = Math.max(0, sorted[Math.min(size - 1, (int) Math.ceil(size * 0.99) - 1)]);
    }
    size = 0;
    seen = 0;
  }

  /** The 99th percentile lateness of the last completed period, in milliseconds. */
  public long p99() {
    return p99;
  }
}
