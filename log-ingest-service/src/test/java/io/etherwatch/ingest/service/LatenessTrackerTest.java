package io.etherwatch.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatenessTrackerTest {

  @Test
  void usesTheNinetyNinthPercentileOfThePeriod() {
    LatenessTracker tracker = new LatenessTracker();
    for (int i = 1; i <= 100; i++) {
      tracker.observe(i * 10L);
    }
    tracker.roll();
    assertThat(tracker.p99()).isEqualTo(990);
  }

  @Test
  void oneVeryLateEventWidensTheOverlapForOnePeriodOnly() {
    LatenessTracker tracker = new LatenessTracker();
    tracker.observe(120_000);
    tracker.roll();
    assertThat(tracker.p99()).isEqualTo(120_000);
    tracker.observe(50);
    tracker.roll();
    assertThat(tracker.p99()).isEqualTo(50);
  }

  @Test
  void keepsTheLastValueThroughAnEmptyPeriod() {
    LatenessTracker tracker = new LatenessTracker();
    tracker.observe(300);
    tracker.roll();
    tracker.roll();
    assertThat(tracker.p99()).isEqualTo(300);
  }
}
