package io.etherwatch.ingest.service;

/**
 * How long a hot group waits between frequent reads: long enough for a nearly full page at the rate
 * its events arrive (full pages cost fewest calls per event), when that fits within the latency
 * bound. A group too slow to fill a page in that time is read as often as a hot group may be:
 * waiting would save few calls and cost latency, and hot groups sharing a saturated budget keep
 * their turn.
 */
final class AdaptiveInterval {
  /** Aim below a full page: the read's overlap re-reads some events, which also fill the page. */
  static final double PAGE_FILL = 0.9;

  private AdaptiveInterval() {}

  /**
   * {@code max(PAGE_FILL × pageSize / eventsPerSecond − overlap, min)} in milliseconds when that is
   * at most {@code max}, else {@code min}: a read returns the events of the interval and of its
   * overlap (re-read, then suppressed), and together they should nearly fill one page.
   *
   * @param eventsPerSecond the rate observed since the previous read (0 or less: unknown, so the
   *     minimum, to measure it soon)
   * @param overlapMillis how far before the newest event the frequent read starts
   */
  static long hot(
      int pageSize, double eventsPerSecond, long overlapMillis, long minMillis, long maxMillis) {
    long max = Math.max(minMillis, maxMillis);
    if (eventsPerSecond <= 0) {
      return minMillis;
    }
    double fill = PAGE_FILL * pageSize / eventsPerSecond * 1000 - overlapMillis;
    return fill > max ? minMillis : (long) Math.max(minMillis, fill);
  }
}
