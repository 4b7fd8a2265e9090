package io.etherwatch.auth.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Failed-login state of one key (a username or a client address): consecutive failures and the
 * delay they earned, plus the failures of the current hour window (the per-account cap).
 *
 * @param blockedUntil no attempt is evaluated before this instant; null when not delayed
 */
public record ThrottleState(
    int failures,
    Instant lastFailureAt,
    Instant blockedUntil,
    Instant windowStart,
    int windowFailures) {
  static final Duration WINDOW = Duration.ofHours(1);

  /** The throttling rules (config {@code etherwatch.auth.throttle.*}). */
  public record Rules(
      int freeFailures,
      Duration baseDelay,
      Duration maxDelay,
      Duration resetAfter,
      int accountFailuresPerHour) {}

  /** A key that has not failed yet. */
  public static ThrottleState fresh(Instant now) {
    return new ThrottleState(0, now, null, now, 0);
  }

  /** The state after one more failure at {@code now}. */
  public ThrottleState afterFailure(Instant now, Rules rules) {
    boolean idle = Duration.between(lastFailureAt, now).compareTo(rules.resetAfter()) > 0;
    int count = (idle ? 0 : failures) + 1;
    Instant blocked =
        count >= rules.freeFailures() ? now.plus(delay(count - rules.freeFailures(), rules)) : null;
    boolean newWindow = !now.isBefore(windowStart.plus(WINDOW));
    return new ThrottleState(
        count, now, blocked, newWindow ? now : windowStart, (newWindow ? 0 : windowFailures) + 1);
  }

  /**
   * A username after its reserved attempt proved the right password: the delay ends, and the
   * reservation leaves the hour's count.
   */
  public ThrottleState afterSuccess() {
    return new ThrottleState(0, lastFailureAt, null, windowStart, Math.max(0, windowFailures - 1));
  }

  /**
   * A client address after its reserved attempt proved the right password. When no other failure
   * was counted since the reservation ({@code reserved} is still the state), the address is exactly
   * as before the attempt ({@code before}): a right password neither starts nor extends a delay.
   * Otherwise the attempt leaves the counts and the delay the later failures earned stays.
   */
  public ThrottleState withoutReservation(ThrottleState before, ThrottleState reserved) {
    if (failures == reserved.failures() && windowFailures == reserved.windowFailures()) {
      return before;
    }
    return new ThrottleState(
        Math.max(0, failures - 1),
        lastFailureAt,
        blockedUntil,
        windowStart,
        Math.max(0, windowFailures - 1));
  }

  /**
   * How long an attempt at {@code now} must still wait, if at all; {@code account} adds the
   * per-account hourly cap.
   */
  public Optional<Duration> waitAt(Instant now, Rules rules, boolean account) {
    Duration wait = Duration.ZERO;
    if (blockedUntil != null && blockedUntil.isAfter(now)) {
      wait = Duration.between(now, blockedUntil);
    }
    Instant windowEnd = windowStart.plus(WINDOW);
    if (account && windowFailures >= rules.accountFailuresPerHour() && windowEnd.isAfter(now)) {
      Duration untilWindowEnds = Duration.between(now, windowEnd);
      wait = untilWindowEnds.compareTo(wait) > 0 ? untilWindowEnds : wait;
    }
    return wait.isZero() ? Optional.empty() : Optional.of(wait);
  }

  /** base × 2^n, capped. */
  static Duration delay(int n, Rules rules) {
    if (n >= 40) {
      return rules.maxDelay();
    }
    Duration d = rules.baseDelay().multipliedBy(1L << n);
    return d.compareTo(rules.maxDelay()) > 0 ? rules.maxDelay() : d;
  }
}
