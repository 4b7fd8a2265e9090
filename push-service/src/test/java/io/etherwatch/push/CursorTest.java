package io.etherwatch.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etherwatch.push.domain.Cursor;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CursorTest {
  private static final byte[] KEY = "a test key of thirty-two bytes or more".getBytes();
  private final Cursor cursors = new Cursor(KEY);

  @Test
  void roundTripsPositionsAsOpaqueUrlSafeText() {
    Map<TopicPartition, Long> positions =
        Map.of(new TopicPartition("logs.app", 0), 42L, new TopicPartition("logs.app", 2), 7L);
    String cursor = cursors.encode(positions);
    assertThat(cursor).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    assertThat(cursors.decode(cursor)).isEqualTo(positions);
  }

  @Test
  void refusesTextThatIsNotACursor() {
    assertThatThrownBy(() -> cursors.decode("!!")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cursors.decode("djI7eDox"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cursors.decode("a.b.c")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cursors.decode("x".repeat(Cursor.MAX_LENGTH + 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesAnAlteredOffsetOrSignature() {
    String cursor = cursors.encode(Map.of(new TopicPartition("logs.app", 0), 5L));
    String payload = cursor.substring(0, cursor.indexOf('.'));
    String signature = cursor.substring(cursor.indexOf('.') + 1);
    String forged =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("v2;logs.app:0:999999999999".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> cursors.decode(forged + "." + signature))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a cursor of this service");
    String flipped = (signature.charAt(0) == 'A' ? "B" : "A") + signature.substring(1);
    assertThatThrownBy(() -> cursors.decode(payload + "." + flipped))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cursors.decode(payload)).isInstanceOf(IllegalArgumentException.class);
    // The unsigned cursors of earlier versions are refused too.
    assertThatThrownBy(() -> cursors.decode(payload.replace("djI", "djE")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesACursorSignedWithAnotherKey() {
    Cursor other = new Cursor("another deployment's key, also long enough".getBytes());
    String cursor = other.encode(Map.of(new TopicPartition("logs.app", 0), 5L));
    assertThatThrownBy(() -> cursors.decode(cursor)).isInstanceOf(IllegalArgumentException.class);
    assertThat(new Cursor(KEY.clone()).decode(cursors.encode(Map.of())))
        .as("another replica with the same key accepts it")
        .isEmpty();
  }

  @Test
  void refusesAKeyShorterThan32Bytes() {
    assertThatThrownBy(() -> new Cursor("short".getBytes()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
  }
}
