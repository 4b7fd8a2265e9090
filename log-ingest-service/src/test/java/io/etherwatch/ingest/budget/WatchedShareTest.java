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
}
