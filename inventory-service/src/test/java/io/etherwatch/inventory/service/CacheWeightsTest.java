package io.etherwatch.inventory.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.etherwatch.inventory.domain.Datapoint;
import io.etherwatch.inventory.domain.LogEventPage;
import io.etherwatch.inventory.domain.LogEventView;
import io.etherwatch.inventory.domain.MetricSeries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheWeightsTest {

  @Test
  void aPageOfEventsWeighsAtLeastItsMessages() {
    List<LogEventView> events = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      events.add(
          new LogEventView(
              Integer.toString(i), "/var/log/messages", "tcp-in", 1L, 2L, "m".repeat(100)));
    }
    long bytes = CacheWeights.events(new LogEventPage(events, "token"));
    // 10,000 messages of 100 UTF-16 characters are 2 MB of text alone.
    assertThat(bytes).isGreaterThan(2_000_000L).isLessThan(10_000_000L);
  }

  @Test
  void aLongerMessageWeighsMore() {
    LogEventView small = new LogEventView("1", "g", "s", 1L, 2L, "m");
    LogEventView large = new LogEventView("1", "g", "s", 1L, 2L, "m".repeat(10_000));
    assertThat(CacheWeights.events(new LogEventPage(List.of(large), null)))
        .isGreaterThanOrEqualTo(
            CacheWeights.events(new LogEventPage(List.of(small), null)) + 2 * 9_999);
  }

  @Test
  void aSeriesWeighsByItsDatapoints() {
    List<Datapoint> points = new ArrayList<>();
    for (int i = 0; i < 1440; i++) {
      points.add(new Datapoint(Instant.EPOCH, 1.0, 1.0, 1.0, 1.0, 1.0));
    }
    long full = CacheWeights.series(new MetricSeries("m", "Count", points));
    long empty = CacheWeights.series(new MetricSeries("m", "Count", List.of()));
    assertThat(full - empty).isGreaterThanOrEqualTo(1440L * 100);
  }

  @Test
  void aKeyWeighsByItsText() {
    assertThat(CacheWeights.entry("k".repeat(8192))).isGreaterThan(16_384);
  }
}
