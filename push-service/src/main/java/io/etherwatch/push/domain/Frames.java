package io.etherwatch.push.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.etherwatch.logevent.LogEvent;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The server-to-client frames of DESIGN section 6 as JSON text, {@code type} first. LOG_EVENTS is
 * assembled ({@link Frame}) from event JSON rendered once per event, so a frame for many
 * subscribers costs one copy of its bytes each, not one serialization each.
 */
public final class Frames {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Most characters of client text a frame repeats (DESIGN section 6: client strings are never
   * echoed at length); longer text is cut and ends with an ellipsis.
   */
  public static final int MAX_ECHO = 64;

  /** Most characters of an ERROR's or refusal's message, whatever text it is built from. */
  public static final int MAX_MESSAGE = 300;

  private Frames() {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"type", "requestId", "success", "subscriptionId", "error", "message"})
  public record Reply(
      String type,
      String requestId,
      boolean success,
      String subscriptionId,
      String error,
      String message) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"type", "subscriptionId", "reason", "missed"})
  record Gap(String type, String subscriptionId, String reason, Long missed) {}

  @JsonPropertyOrder({"type", "subscriptionId"})
  record Stopped(String type, String subscriptionId) {}

  @JsonPropertyOrder({"type", "error", "message"})
  record Error(String type, String error, String message) {}

  @JsonPropertyOrder({"type", "subject", "expiresAt"})
  record Authenticated(String type, String subject, long expiresAt) {}

  @JsonPropertyOrder({
    "eventId",
    "logGroupName",
    "logStreamName",
    "timestamp",
    "ingestionTime",
    "message"
  })
  record ClientEvent(
      String eventId,
      String logGroupName,
      String logStreamName,
      long timestamp,
      long ingestionTime,
      String message) {}

  public static String replyOk(String requestId, String subscriptionId) {
    return write(new Reply("LOG_STREAM_REPLY", requestId, true, subscriptionId, null, null));
  }

  /** A refusal; {@code message} is cut to {@link #MAX_MESSAGE} characters. */
  public static String replyError(String requestId, String error, String message) {
    return write(
        new Reply("LOG_STREAM_REPLY", requestId, false, null, error, cut(message, MAX_MESSAGE)));
  }

  public static String gap(String subscriptionId, String reason, Long missed) {
    return write(new Gap("GAP", subscriptionId, reason, missed));
  }

  public static String stopped(String subscriptionId) {
    return write(new Stopped("STOPPED", subscriptionId));
  }

  /** An ERROR frame; {@code message} is cut to {@link #MAX_MESSAGE} characters. */
  public static String error(String error, String message) {
    return write(new Error("ERROR", error, cut(message, MAX_MESSAGE)));
  }

  /**
   * Client text to quote in a message: at most {@link #MAX_ECHO} characters, the rest replaced by
   * an ellipsis. The one place where a frame or an error body repeats what a client sent.
   */
  public static String echo(String clientText) {
    return cut(clientText, MAX_ECHO);
  }

  private static String cut(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "\u2026";
  }

  public static String tokenExpired() {
    return "{\"type\":\"TOKEN_EXPIRED\"}";
  }

  public static String authenticated(Caller caller) {
    return write(new Authenticated("AUTHENTICATED", caller.subject(), caller.expiresAt()));
  }

  /** One event as clients see it (the Kafka record without its schema field). */
  public static String event(LogEvent e) {
    return write(
        new ClientEvent(
            e.eventId(),
            e.logGroupName(),
            e.logStreamName(),
            e.timestamp(),
            e.ingestionTime(),
            e.message()));
  }

  /** A reader of {@code type} from JSON, sharing the frames' one {@link ObjectMapper}. */
  public static ObjectReader readerFor(Class<?> type) {
    return JSON.readerFor(type);
  }

  /** The first part of a subscription's LOG_EVENTS frames, up to its events array (UTF-8). */
  public static byte[] logEventsHead(String subscriptionId) {
    return ("{\"type\":\"LOG_EVENTS\",\"subscriptionId\":" + write(subscriptionId) + ",\"events\":")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The last part of a LOG_EVENTS frame, after its events array (UTF-8). */
  public static byte[] logEventsTail(String cursor) {
    return (",\"cursor\":\"" + cursor + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
