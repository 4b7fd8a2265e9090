package io.etherwatch.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etherwatch.tail.domain.Since;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SinceTest {
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

  @Test
  void readsDurationsBackFromNow() {
    assertThat(Since.parse("10m", NOW)).hasValue(NOW.minus(Duration.ofMinutes(10)).toEpochMilli());
    assertThat(Since.parse("30s", NOW)).hasValue(NOW.minusSeconds(30).toEpochMilli());
    assertThat(Since.parse("1h30m", NOW))
        .hasValue(NOW.minus(Duration.ofMinutes(90)).toEpochMilli());
    assertThat(Since.parse("2d", NOW)).hasValue(NOW.minus(Duration.ofDays(2)).toEpochMilli());
    assertThat(Since.parse("1w", NOW)).hasValue(NOW.minus(Duration.ofDays(7)).toEpochMilli());
  }

  @Test
  void readsIsoTimesAndEpochMillis() {
    assertThat(Since.parse("2026-12-07T10:00:00Z", NOW))
        .hasValue(Instant.parse("2026-12-07T10:00:00Z").toEpochMilli());
    assertThat(Since.parse("2026-12-07T11:00:00+01:00", NOW))
        .hasValue(Instant.parse("2026-12-07T10:00:00Z").toEpochMilli());
    assertThat(Since.parse("2026-12-07T10:00:00", NOW))
        .as("no offset: UTC")
        .hasValue(Instant.parse("2026-12-07T10:00:00Z").toEpochMilli());
    assertThat(Since.parse("2026-12-07", NOW))
        .hasValue(Instant.parse("2026-12-07T00:00:00Z").toEpochMilli());
    assertThat(Since.parse("1795788000000", NOW)).hasValue(1795788000000L);
  }

  @Test
  void nowMeansLiveOnly() {
    assertThat(Since.parse("now", NOW)).isEmpty();
  }

  @Test
  void refusesOtherFormsNamingTheAcceptedOnes() {
    assertThatThrownBy(() -> Since.parse("5x", NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--since 5x")
        .hasMessageContaining("10m")
        .hasMessageContaining("ISO-8601");
    assertThatThrownBy(() -> Since.parse("yesterday", NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
