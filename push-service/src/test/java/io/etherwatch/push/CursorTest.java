package io.etherwatch.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etherwatch.push.service.Cursor;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CursorTest {

  @Test
  void roundTripsPositionsAsOpaqueUrlSafeText() {
    Map<TopicPartition, Long> positions =
        Map.of(new TopicPartition("logs.app", 0), 42L, new TopicPartition("logs.app", 2), 7L);
    String cursor = Cursor.encode(positions);
    assertThat(cursor).matches("[A-Za-z0-9_-]+");
    assertThat(Cursor.decode(cursor)).isEqualTo(positions);
  }

  @Test
  void refusesTextThatIsNotACursor() {
    assertThatThrownBy(() -> Cursor.decode("!!")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cursor.decode("djI7eDox"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cursor.decode(Cursor.encode(Map.of()).replace("djE", "djI")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
