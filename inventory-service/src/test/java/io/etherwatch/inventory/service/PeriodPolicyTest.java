package io.etherwatch.inventory.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etherwatch.common.rest.ApiException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeriodPolicyTest {
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  @ParameterizedTest(name = "last {0} h → {1} s")
  @CsvSource({
    "1, 60",
    "24, 60",
    "25, 120",
    "168, 420",
    "336, 840",
    "360, 900", // starts exactly 15 days ago: five-minute data
    "720, 1800",
    "1440, 3600",
    "1512, 7200", // 63 days: hourly data, and 1,440 hours would be too many points
    "2160, 7200",
    "10920, 28800" // 455 days
  })
  void choosesTheSmallestPeriodWithin1440PointsAndRetention(int hours, int expected) {
    Instant start = NOW.minus(Duration.ofHours(hours));
    int period = PeriodPolicy.choose(start, NOW, null, NOW);
    assertThat(period).isEqualTo(expected);
    assertThat(Duration.ofHours(hours).toSeconds() / period).isLessThanOrEqualTo(1440);
  }

  @Test
  void aShortRangeOfOldDataUsesTheResolutionOfItsAge() {
    Instant start = NOW.minus(Duration.ofDays(100));
    assertThat(PeriodPolicy.choose(start, start.plus(Duration.ofHours(1)), null, NOW))
        .isEqualTo(3600);
    Instant recent = NOW.minus(Duration.ofDays(20));
    assertThat(PeriodPolicy.choose(recent, recent.plus(Duration.ofHours(1)), null, NOW))
        .isEqualTo(300);
  }

  @Test
  void aRangeNotOnWholeSecondsStillFits() {
    Instant start = NOW.minus(Duration.ofDays(1)).minusMillis(1);
    int period = PeriodPolicy.choose(start, NOW, null, NOW);
    assertThat(period).isEqualTo(120);
  }

  @Test
  void keepsAnAllowedRequestedPeriod() {
    assertThat(PeriodPolicy.choose(NOW.minus(Duration.ofDays(1)), NOW, 300, NOW)).isEqualTo(300);
  }

  @Test
  void refusesStartEqualToEnd() {
    assertThatThrownBy(() -> PeriodPolicy.choose(NOW, NOW, null, NOW))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("must be before end");
  }

  @Test
  void refusesARangeLongerThan455Days() {
    assertThatThrownBy(() -> PeriodPolicy.choose(NOW.minus(Duration.ofDays(456)), NOW, null, NOW))
        .hasMessageContaining("456 days long");
  }

  @Test
  void refusesAPeriodThatIsNotAMultipleOf60() {
    assertThatThrownBy(() -> PeriodPolicy.choose(NOW.minusSeconds(3600), NOW, 0, NOW))
        .hasMessageContaining("positive multiple of 60");
    assertThatThrownBy(() -> PeriodPolicy.choose(NOW.minusSeconds(3600), NOW, 30, NOW))
        .hasMessageContaining("positive multiple of 60");
  }

  @Test
  void refusesAPeriodFinerThanTheRetentionOfTheStart() {
    Instant start = NOW.minus(Duration.ofDays(70));
    assertThatThrownBy(() -> PeriodPolicy.choose(start, start.plusSeconds(86400), 300, NOW))
        .hasMessageContaining("use a multiple of 3600");
  }
}
