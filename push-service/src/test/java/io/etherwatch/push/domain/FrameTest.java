package io.etherwatch.push.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameTest {
  @Test
  void logEventsPartsMakeTheFrameClientsRead() throws Exception {
    byte[] events =
        "[{\"eventId\":\"e1\",\"message\":\"héllo \\\"x\\\"\"}]".getBytes(StandardCharsets.UTF_8);
    Frame frame =
        Frame.logEvents(
            Frames.logEventsHead("sub-\"1\""), events, Frames.logEventsTail("AbC_9"), "AbC_9");

    JsonNode parsed = Frames.readerFor(JsonNode.class).readTree(frame.bytes());
    assertThat(parsed.fieldNames().next()).isEqualTo("type");
    assertThat(parsed.get("type").asText()).isEqualTo("LOG_EVENTS");
    assertThat(parsed.get("subscriptionId").asText()).isEqualTo("sub-\"1\"");
    assertThat(parsed.get("events").get(0).get("message").asText()).isEqualTo("héllo \"x\"");
    assertThat(parsed.get("cursor").asText()).isEqualTo("AbC_9");
    assertThat(frame.cursor()).isEqualTo("AbC_9");
    assertThat(frame.isEvents()).isTrue();
    assertThat(frame.length()).isEqualTo(frame.bytes().length);
    assertThat(frame.text()).isEqualTo(new String(frame.bytes(), StandardCharsets.UTF_8));
  }

  @Test
  void controlFrameIsItsText() {
    Frame frame = Frame.text("{\"type\":\"STOPPED\",\"subscriptionId\":\"s\"}");
    assertThat(frame.isEvents()).isFalse();
    assertThat(frame.cursor()).isNull();
    assertThat(frame.text()).isEqualTo("{\"type\":\"STOPPED\",\"subscriptionId\":\"s\"}");
    assertThat(new String(frame.bytes(), StandardCharsets.UTF_8)).isEqualTo(frame.text());
  }

  @Test
  void clientTextIsNeverEchoedAtLength() throws Exception {
    String type = "x".repeat(60_000);
    String error = Frames.error("unknown_type", "unknown frame type " + Frames.echo(type));
    assertThat(error.length()).isLessThan(200);
    assertThat(Frames.readerFor(JsonNode.class).readTree(error).get("message").asText())
        .startsWith("unknown frame type xxx")
        .endsWith("\u2026");
    assertThat(Frames.replyError("r1", "bad_request", "y".repeat(10_000)).length())
        .isLessThanOrEqualTo(Frames.MAX_MESSAGE + 100);
    assertThat(Frames.error("bad_request", "z".repeat(10_000)).length())
        .isLessThanOrEqualTo(Frames.MAX_MESSAGE + 100);
    assertThat(Frames.echo("short")).isEqualTo("short");
    assertThat(Frames.echo("\uD83D\uDE00".repeat(100))).hasSizeLessThanOrEqualTo(Frames.MAX_ECHO);
  }
}
