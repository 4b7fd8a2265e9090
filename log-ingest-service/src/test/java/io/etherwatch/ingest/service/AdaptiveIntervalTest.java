package io.etherwatch.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdaptiveIntervalTest {

  @Test
  void waitsForANearlyFullPageWhenTheRateAllowsIt() {
    // 10,000-event pages at 6,000 events/s: 0.9 × 10,000 / 6,000 = 1.5 s.
    assertThat(AdaptiveInterval.hot(10_000, 6_000, 0, 1_000, 2_000)).isEqualTo(1_500);
  }

  @Test
  void leavesRoomInThePageForTheOverlapThatIsReadAgain() {
    // 1.5 s of new events plus 0.3 s of overlap would overflow the page: wait 1.2 s.
    assertThat(AdaptiveInterval.hot(10_000, 6_000, 300, 1_000, 2_000)).isEqualTo(1_200);
  }

  @Test
  void aGroupTooSlowToFillAPageInTimeIsReadAtTheMinimum() {
    assertThat(AdaptiveInterval.hot(10_000, 20, 200, 1_000, 2_000)).isEqualTo(1_000);
    // 0.9 × 10,000 / 4,000 − 0.2 s = 2.05 s: just too long, so no waiting at all.
    assertThat(AdaptiveInterval.hot(10_000, 4_000, 200, 1_000, 2_000)).isEqualTo(1_000);
  }

  @Test
  void waitsUpToTheHotMaximumWhenThePageFillsInTime() {
    // 0.9 × 10,000 / 4,500 − 0.2 s = 1.8 s.
    assertThat(AdaptiveInterval.hot(10_000, 4_500, 200, 1_000, 2_000)).isEqualTo(1_800);
  }

  @Test
  void neverReadsFasterThanTheMinimum() {
    assertThat(AdaptiveInterval.hot(10_000, 100_000, 200, 1_000, 2_000)).isEqualTo(1_000);
  }

  @Test
  void readsSoonWhenTheRateIsNotKnownYet() {
    assertThat(AdaptiveInterval.hot(10_000, 0, 200, 1_000, 2_000)).isEqualTo(1_000);
  }

  @Test
  void aMaximumBelowTheMinimumMeansTheMinimum() {
    assertThat(AdaptiveInterval.hot(10_000, 20, 200, 1_000, 500)).isEqualTo(1_000);
  }
}
