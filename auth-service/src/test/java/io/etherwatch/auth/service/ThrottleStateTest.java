package io.etherwatch.auth.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ThrottleStateTest {
  private static final ThrottleState.Rules RULES =
      new ThrottleState.Rules(
          5, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofHours(1), 100);
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void firstFiveFailuresAreFreeAndTheFifthStartsTheDelay() {
    ThrottleState s = ThrottleState.fresh(T0);
    for (int i = 1; i <= 4; i++) {
      s = s.afterFailure(T0, RULES);
      assertThat(s.waitAt(T0, RULES, true)).isEmpty();
    }
    s = s.afterFailure(T0, RULES);
    assertThat(s.waitAt(T0, RULES, true)).contains(Duration.ofSeconds(1));
  }

  @Test
  void delayDoublesUpToFifteenMinutesAndNeverLocksForever() {
    ThrottleState s = ThrottleState.fresh(T0);
    Instant now = T0;
    Duration last = Duration.ZERO;
    for (int i = 1; i <= 40; i++) {
      s = s.afterFailure(now, RULES);
      Duration wait = s.waitAt(now, RULES, false).orElse(Duration.ZERO);
      if (i >= 6 && wait.compareTo(Duration.ofMinutes(15)) < 0) {
        assertThat(wait).isEqualTo(last.multipliedBy(2));
      }
      assertThat(wait).isLessThanOrEqualTo(Duration.ofMinutes(15));
      last = wait;
      now = now.plus(wait);
    }
    assertThat(last).isEqualTo(Duration.ofMinutes(15));
    assertThat(s.waitAt(now.plusSeconds(1), RULES, false)).isEmpty();
  }

  @Test
  void idleKeyStartsAgainFromZero() {
    ThrottleState s = failedAtT0(7);
    Instant later = T0.plus(Duration.ofHours(1)).plusSeconds(1);

    s = s.afterFailure(later, RULES);

    assertThat(s.failures()).isEqualTo(1);
    assertThat(s.waitAt(later, RULES, true)).isEmpty();
  }

  @Test
  void atMostTheHourlyCapOfFailuresPerAccountIsEvaluated() {
    ThrottleState.Rules noDelay =
        new ThrottleState.Rules(1000, Duration.ZERO, Duration.ZERO, Duration.ofHours(1), 100);
    ThrottleState s = ThrottleState.fresh(T0);
    Instant now = T0;
    for (int i = 0; i < 100; i++) {
      assertThat(s.waitAt(now, noDelay, true)).isEmpty();
      s = s.afterFailure(now, noDelay);
      now = now.plusSeconds(10);
    }

    assertThat(s.waitAt(now, noDelay, true)).contains(Duration.between(now, T0.plusSeconds(3600)));
    assertThat(s.waitAt(now, noDelay, false)).isEmpty();
    assertThat(s.waitAt(T0.plusSeconds(3600), noDelay, true)).isEmpty();
  }

  @Test
  void successEndsTheUsernamesDelayAndTakesBackOnlyItsOwnReservation() {
    ThrottleState s = failedAtT0(6);

    ThrottleState after = s.afterSuccess();

    assertThat(after.waitAt(T0, RULES, true)).isEmpty();
    assertThat(after.failures()).isZero();
    assertThat(after.windowFailures()).isEqualTo(5);
  }

  @Test
  void addressKeepsEarlierFailuresAfterASuccess() {
    ThrottleState fourFailures = failedAtT0(4);
    ThrottleState reserved = fourFailures.afterFailure(T0, RULES);
    assertThat(reserved.waitAt(T0, RULES, false)).isPresent();

    ThrottleState after = reserved.withoutReservation(fourFailures, reserved);

    assertThat(after.failures()).isEqualTo(4);
    assertThat(after.waitAt(T0, RULES, false)).isEmpty();
    assertThat(after.afterFailure(T0, RULES).waitAt(T0, RULES, false))
        .contains(Duration.ofSeconds(1));
  }

  @Test
  void aSuccessNeverExtendsTheAddressDelay() {
    ThrottleState sixFailures = failedAtT0(6);
    // The earlier delay (2 s) has passed; the right password's reservation would delay 4 s more.
    Instant later = T0.plusSeconds(3);
    assertThat(sixFailures.waitAt(later, RULES, false)).isEmpty();
    ThrottleState reserved = sixFailures.afterFailure(later, RULES);

    ThrottleState after = reserved.withoutReservation(sixFailures, reserved);

    assertThat(after).isEqualTo(sixFailures);
    assertThat(after.waitAt(later, RULES, false)).isEmpty();
  }

  @Test
  void aSuccessKeepsTheDelayOfFailuresCountedAfterIt() {
    ThrottleState before = failedAtT0(4);
    ThrottleState reserved = before.afterFailure(T0, RULES);
    ThrottleState anotherFailure = reserved.afterFailure(T0, RULES);

    ThrottleState after = anotherFailure.withoutReservation(before, reserved);

    assertThat(after.failures()).isEqualTo(5);
    assertThat(after.blockedUntil()).isEqualTo(anotherFailure.blockedUntil());
  }

  /** A fresh state after {@code n} failures, all at {@code T0}. */
  private static ThrottleState failedAtT0(int n) {
    ThrottleState s = ThrottleState.fresh(T0);
    for (int i = 0; i < n; i++) {
      s = s.afterFailure(T0, RULES);
    }
    return s;
  }
}
