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
        LogStreamCheckpoint.initial(1_000).advancedTo(5_000, 5_100).withLateEvent("42", 10, 0);
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
  void dropsLateIdsOlderThanTheWindow() {
    LogStreamCheckpoint checkpoint =
        LogStreamCheckpoint.initial(0).withLateEvent("old", 10, 0).withLateEvent("new", 500, 100);
    assertThat(checkpoint.lateEventIds()).containsOnlyKeys("new");
  }

  @Test
  void partitionKeyRoundTrips() {
    LogStreamPartition partition = new LogStreamPartition("/var/log/messages", "i-123/eth0");
    assertThat(LogStreamPartition.fromMap(partition.toMap())).isEqualTo(partition);
  }
}
