package io.etherwatch.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogStreamCheckpointTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void survivesTheJsonRoundTripOfTheCheckpointTopic() throws Exception {
    LogStreamCheckpoint checkpoint =
        LogStreamCheckpoint.initial(1_000)
            .advancedTo(5_000, 5_100)
            .withLateEvent("42", new LateEvent(10, 20), 0, 0)
            .withLateWatermark(7_000);
    byte[] json = JSON.writeValueAsBytes(checkpoint.toMap());
    Map<String, Object> map = JSON.readValue(json, new TypeReference<>() {});
    assertThat(LogStreamCheckpoint.fromMap(map)).isEqualTo(checkpoint);
  }

  @Test
  void advancesOnlyForward() {
    LogStreamCheckpoint checkpoint =
        LogStreamCheckpoint.initial(0).advancedTo(5_000, 5_100).advancedTo(4_000, 4_100);
    assertThat(checkpoint.timestamp()).isEqualTo(5_000);
    assertThat(checkpoint.ingestionTime()).isEqualTo(5_100);
    assertThat(checkpoint.isInitial()).isFalse();
  }

  @Test
  void readsTheLateIdsOfCheckpointsWrittenBeforeLateSweeps() {
    Map<String, Object> old =
        Map.of(
            "timestamp", 5_000,
            "ingestionTime", 5_100,
            "trackingSince", 1_000,
            "lateEventIds", Map.of("42", 10));
    LogStreamCheckpoint checkpoint = LogStreamCheckpoint.fromMap(old);
    assertThat(checkpoint.lateEvents()).containsEntry("42", new LateEvent(10, Long.MIN_VALUE));
    assertThat(checkpoint.lateWatermark()).isEqualTo(Long.MIN_VALUE);
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

  @Test
  void partitionKeyRoundTrips() {
    LogStreamPartition partition = new LogStreamPartition("/var/log/messages", "i-123/eth0");
    assertThat(LogStreamPartition.fromMap(partition.toMap())).isEqualTo(partition);
    LogStreamPartition wide = LogStreamPartition.groupWide("/var/log/messages");
    assertThat(LogStreamPartition.fromMap(wide.toMap()).isGroupWide()).isTrue();
    assertThat(partition.isGroupWide()).isFalse();
  }
}
