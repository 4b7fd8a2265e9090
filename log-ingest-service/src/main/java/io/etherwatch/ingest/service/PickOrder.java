package io.etherwatch.ingest.service;

import java.util.Comparator;
import java.util.List;

/**
 * Which due group a shard reads next. When the budget cannot keep up, plain earliest-due order
 * degrades to round-robin over every group, so hot groups would wait for all idle ones. Watched
 * groups go first, the most overdue of them first (so many watched groups share the reads fairly);
 * then hot groups (shortest interval), the most overdue first among equals. Every fourth pick takes
 * the most overdue group of all, so idle groups are never starved.
 */
final class PickOrder {
  /** A due group: when it was due, its own interval, and whether someone watches it. */
  record Candidate<T>(T poller, long dueAt, long interval, boolean watched) {}

  private static final int OVERDUE_EVERY = 4;

  private PickOrder() {}

  /**
   * The candidate to read.
   *
   * @param due at least one candidate
   * @param pick the number of this pick (1, 2, …): every fourth takes the most overdue
   */
  static <T> Candidate<T> pick(List<Candidate<T>> due, long pick) {
    Comparator<Candidate<T>> overdue = Comparator.comparingLong(Candidate::dueAt);
    if (pick % OVERDUE_EVERY == 0) {
      return due.stream().min(overdue).orElseThrow();
    }
    Comparator<Candidate<T>> hotFirst =
        Comparator.<Candidate<T>>comparingLong(Candidate::interval).thenComparing(overdue);
    return due.stream()
        .filter(Candidate::watched)
        .min(overdue)
        .orElseGet(() -> due.stream().min(hotFirst).orElseThrow());
  }
}
