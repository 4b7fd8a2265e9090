package io.etherwatch.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogStreamCheckpointTest {
  @Test
  void advancesOnlyForward() {
    LogStreamCheckpoint checkpoint =
        LogStreamCheckpoint.initial(0).advancedTo(5_000, 5_100).advancedTo(4_000, 4_100);
    assertThat(checkpoint.timestamp()).isEqualTo(5_000);
    assertThat(checkpoint.ingestionTime()).isEqualTo(5_100);
    assertThat(checkpoint.isInitial()).isFalse();
  }

  @Test
  void dropsLateIdsOnlyWhenNeitherSweepCanReadThemAgain() {
    LogStreamCheckpoint checkpoint =
        LogStreamCheckpoint.initial(0)
            .withLateEvent("old-swept", new LateEvent(10, 50), 0, 0)
            .withLateEvent("old-arrived-after-watermark", new LateEvent(10, 300), 0, 0)
            .withLateEvent("in-window", new LateEvent(150, 60), 0, 0)
            .withLateEvent("new", new LateEvent(500, 600), 100, 200);
    assertThat(checkpoint.lateEvents())
        .containsOnlyKeys("old-arrived-after-watermark", "in-window", "new");
  }

  @Test
  void theLateWatermarkOnlyMovesForward() {
    LogStreamCheckpoint wide =
        LogStreamCheckpoint.initial(0).withLateWatermark(500).withLateWatermark(400);
    assertThat(wide.lateWatermark()).isEqualTo(500);
  }
}
