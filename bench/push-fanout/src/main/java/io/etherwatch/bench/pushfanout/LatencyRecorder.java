package io.etherwatch.bench.pushfanout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies of one measurement in 0.1 ms buckets (up to a minute; slower ones count as a minute),
 * and per 100 ms of send time the count, the count slower than 100 ms and the slowest. A few
 * megabytes allocated before measuring: recording costs no allocation and touches no new memory,
 * where an array of every sample (hundreds of megabytes) page-faulted the load generator while it
 * measured.
 */
final class LatencyRecorder {
  private static final int BUCKETS = 600_000;
  private static final long BUCKET_MICROS = 100;
  private static final long WINDOW_MICROS = 100_000;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS + 1);
  private final AtomicLongArray windowCounts;
  private final AtomicLongArray windowSlow;
  private final AtomicLongArray windowMax;
  private final AtomicLong total = new AtomicLong();
  private final AtomicLong max = new AtomicLong();
  private final long startMicros;

  /** A recorder for events sent from {@code startMicros} on, over about {@code seconds}. */
  LatencyRecorder(long startMicros, int seconds) {
    this.startMicros = startMicros;
    int windows = (int) ((seconds + 10) * 1_000_000L / WINDOW_MICROS);
    windowCounts = new AtomicLongArray(windows);
    windowSlow = new AtomicLongArray(windows);
    windowMax = new AtomicLongArray(windows);
  }

  void record(long sentMicros, long latencyMicros) {
    counts.incrementAndGet((int) Math.min(BUCKETS, Math.max(0, latencyMicros / BUCKET_MICROS)));
    total.incrementAndGet();
    max.accumulateAndGet(latencyMicros, Math::max);
    int window = (int) ((sentMicros - startMicros) / WINDOW_MICROS);
    if (window >= 0 && window < windowCounts.length()) {
      windowCounts.incrementAndGet(window);
      if (latencyMicros > 100_000) {
        windowSlow.incrementAndGet(window);
      }
      windowMax.accumulateAndGet(window, latencyMicros, Math::max);
    }
  }

  long startMicros() {
    return startMicros;
  }

  long count() {
    return total.get();
  }

  double maxMillis() {
    return max.get() / 1000.0;
  }

  /** The latency (ms, upper edge of its bucket) below which a fraction {@code p} of samples lie. */
  double percentileMillis(double p) {
    long n = total.get();
    if (n == 0) {
      return 0;
    }
    long rank = (long) Math.floor(p * n);
    long seen = 0;
    for (int i = 0; i <= BUCKETS; i++) {
      seen += counts.get(i);
      if (seen > rank) {
        return (i + 1) * BUCKET_MICROS / 1000.0;
      }
    }
    return BUCKETS * BUCKET_MICROS / 1000.0;
  }

  /** The 100 ms windows of send time holding samples slower than 100 ms, one line each. */
  List<String> slowWindows() {
    List<String> lines = new ArrayList<>();
    for (int w = 0; w < windowCounts.length(); w++) {
      if (windowSlow.get(w) > 0) {
        lines.add(
            String.format(
                "sent at %5.1f s: %d events, %d slower than 100 ms, slowest %d ms",
                w * WINDOW_MICROS / 1e6,
                windowCounts.get(w),
                windowSlow.get(w),
                windowMax.get(w) / 1000));
      }
    }
    return lines;
  }
}
