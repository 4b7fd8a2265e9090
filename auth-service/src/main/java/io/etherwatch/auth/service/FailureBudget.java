package io.etherwatch.auth.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The service-wide budget of failed logins, as the generic cell rate algorithm (GCRA, ITU-T I.371)
 * keeps it: one instant, the theoretical arrival time of the next failure. Each failure pushes it
 * one interval (60 s / rate) later; an attempt is admitted while it is at most {@code burst - 1}
 * intervals ahead of now. Past the budget an attempt waits at most one interval: the budget never
 * closes for longer, however long the flood lasts.
 *
 * @param theoreticalArrival when the next failure would be due at the steady rate
 */
public record FailureBudget(Instant theoreticalArrival) {

  /**
   * The budget's steady rate and its burst (config {@code
   * etherwatch.auth.throttle.global-failures-per-minute} and {@code global-failure-burst}).
   */
  public record Rules(int perMinute, int burst) {
    public Rules {
      if (perMinute < 1 || burst < 1) {
        throw new IllegalArgumentException(
            "etherwatch.auth.throttle.global-failures-per-minute and global-failure-burst must be"
                + " at least 1");
      }
    }

    Duration interval() {
      return Duration.ofMinutes(1).dividedBy(perMinute);
    }

    Duration tolerance() {
      return interval().multipliedBy(burst - 1L);
    }
  }

  /** A budget with its whole burst available. */
  public static FailureBudget full(Instant now) {
    return new FailureBudget(now);
  }

  /** How long an attempt at {@code now} must wait before the budget admits it, if at all. */
  public Optional<Duration> waitAt(Instant now, Rules rules) {
    Instant admittedFrom = theoreticalArrival.minus(rules.tolerance());
    return admittedFrom.isAfter(now)
        ? Optional.of(Duration.between(now, admittedFrom))
        : Optional.empty();
  }

  /** The budget after one more failure at {@code now}. */
  public FailureBudget afterFailure(Instant now, Rules rules) {
    Instant from = theoreticalArrival.isAfter(now) ? theoreticalArrival : now;
    return new FailureBudget(from.plus(rules.interval()));
  }

  /** The budget after a reserved attempt proved the right password: the failure is given back. */
  public FailureBudget afterSuccess(Rules rules) {
    return new FailureBudget(theoreticalArrival.minus(rules.interval()));
  }
}
