package io.etherwatch.inventory.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.etherwatch.inventory.domain.Datapoint;
import io.etherwatch.inventory.domain.StatsSummary;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricSummaryTest {

  @Test
  void summarisesFromSumsAndCountsNotFromAveragesOfAverages() {
    Instant t = Instant.parse("2026-11-27T10:00:00Z");
    List<Datapoint> datapoints =
        List.of(
            new Datapoint(t, 2.0, 2.0, 2.0, 2.0, 1.0),
            new Datapoint(t.plusSeconds(60), 5.0, 15.0, 1.0, 9.0, 3.0));
    StatsSummary summary = MetricStatistics.summary(datapoints);
    assertThat(summary.minimum()).isEqualTo(1.0);
    assertThat(summary.maximum()).isEqualTo(9.0);
    assertThat(summary.sum()).isEqualTo(17.0);
    assertThat(summary.sampleCount()).isEqualTo(4.0);
    assertThat(summary.average()).isEqualTo(4.25);
  }

  @Test
  void anEmptyRangeHasZeroCountAndNoAverage() {
    StatsSummary summary = MetricStatistics.summary(List.of());
    assertThat(summary.sampleCount()).isZero();
    assertThat(summary.sum()).isZero();
    assertThat(summary.average()).isNull();
    assertThat(summary.minimum()).isNull();
  }
}
