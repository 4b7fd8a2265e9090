package io.etherwatch.ingest.budget;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WatchedShareTest {

  @Test
  void fewWatchedGroupsAreReadAtTheConfiguredInterval() {
    assertThat(WatchedShare.intervalMillis(1000, 0, 4)).isEqualTo(1000);
    assertThat(WatchedShare.intervalMillis(1000, 3, 4)).as("3 calls/s = 0.75 × 4").isEqualTo(1000);
  }

  @Test
  void manyWatchedGroupsShareThreeQuartersOfTheDeploymentsBudget() {
    assertThat(WatchedShare.intervalMillis(1000, 5, 4)).isEqualTo(1667);
    assertThat(WatchedShare.intervalMillis(1000, 30, 4)).isEqualTo(10_000);
    assertThat(WatchedShare.intervalMillis(500, 100, 20)).isEqualTo(6667);
    // Together they never take more than the share: groups / interval ≤ 0.75 × rate.
    for (int groups = 1; groups <= 200; groups++) {
      long interval = WatchedShare.intervalMillis(1000, groups, 4);
      assertThat(groups * 1000d / interval).isLessThanOrEqualTo(WatchedShare.SHARE * 4);
    }
  }

  @Test
  void idleReadsAreSpreadOverWhatWatchedGroupsLeave() {
    assertThat(WatchedShare.fraction(0, 1000, 4)).as("nothing watched: the whole budget").isZero();
    assertThat(WatchedShare.fraction(2, 1000, 4)).as("2 calls/s of 4").isEqualTo(0.5);
    assertThat(WatchedShare.fraction(5, WatchedShare.intervalMillis(1000, 5, 4), 4))
        .as("stretched to the share")
        .isCloseTo(WatchedShare.SHARE, org.assertj.core.data.Offset.offset(0.001));
    assertThat(WatchedShare.fraction(50, 1000, 4)).as("never above the share").isEqualTo(0.75);
  }
}
