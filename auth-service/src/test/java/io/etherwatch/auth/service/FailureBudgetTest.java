package io.etherwatch.auth.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailureBudgetTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final FailureBudget.Rules SIXTY = new FailureBudget.Rules(60, 60);

  @Test
  void admitsABurstOfOneMinutesRateThenOnePerInterval() {
    FailureBudget budget = FailureBudget.full(T0);
    for (int i = 0; i < 60; i++) {
      assertThat(budget.waitAt(T0, SIXTY)).as("failure %d", i + 1).isEmpty();
      budget = budget.afterFailure(T0, SIXTY);
    }

    assertThat(budget.waitAt(T0, SIXTY)).contains(Duration.ofSeconds(1));
    assertThat(budget.waitAt(T0.plusSeconds(1), SIXTY)).isEmpty();
  }

  @Test
  void neverMakesAnAttemptWaitLongerThanOneIntervalHoweverLongTheFlood() {
    FailureBudget budget = FailureBudget.full(T0);
    Instant now = T0;
    for (int i = 0; i < 10_000; i++) {
      if (budget.waitAt(now, SIXTY).isEmpty()) {
        budget = budget.afterFailure(now, SIXTY);
      }
      assertThat(budget.waitAt(now, SIXTY).orElse(Duration.ZERO))
          .isLessThanOrEqualTo(Duration.ofSeconds(1));
      now = now.plusMillis(10);
    }
  }

  @Test
  void aRightPasswordGivesItsFailureBack() {
    FailureBudget budget = emptiedAtT0();
    assertThat(budget.waitAt(T0, SIXTY)).isPresent();

    assertThat(budget.afterSuccess(SIXTY).waitAt(T0, SIXTY)).isEmpty();
  }

  @Test
  void refillsAtItsRate() {
    FailureBudget budget = emptiedAtT0();
    Instant later = T0.plusSeconds(30);
    for (int i = 0; i < 30; i++) {
      assertThat(budget.waitAt(later, SIXTY)).isEmpty();
      budget = budget.afterFailure(later, SIXTY);
    }
    assertThat(budget.waitAt(later, SIXTY)).isPresent();
  }

  @Test
  void aBurstSmallerThanTheRateIsSpentSooner() {
    FailureBudget.Rules rules = new FailureBudget.Rules(30, 50);
    FailureBudget budget = FailureBudget.full(T0);
    for (int i = 0; i < 50; i++) {
      assertThat(budget.waitAt(T0, rules)).as("failure %d", i + 1).isEmpty();
      budget = budget.afterFailure(T0, rules);
    }

    assertThat(budget.waitAt(T0, rules)).contains(Duration.ofSeconds(2));
  }

  /** A full budget after the 60 failures that empty it, all at {@code T0}. */
  private static FailureBudget emptiedAtT0() {
    FailureBudget budget = FailureBudget.full(T0);
    for (int i = 0; i < 60; i++) {
      budget = budget.afterFailure(T0, SIXTY);
    }
    return budget;
  }
}
