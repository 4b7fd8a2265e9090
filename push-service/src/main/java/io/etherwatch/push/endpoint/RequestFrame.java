package io.etherwatch.push.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import io.etherwatch.push.service.StreamService.StreamRequest;
import java.util.ArrayList;
import java.util.List;

/** The fields of a LOG_STREAM_REQUEST frame (DESIGN section 6), checked for their JSON types. */
final class RequestFrame {
  private RequestFrame() {}

  /**
   * The request a LOG_STREAM_REQUEST frame asks for; {@link IllegalArgumentException} with a
   * message for the client when a field has the wrong type.
   */
  static StreamRequest parse(JsonNode frame) {
    JsonNode group = frame.get("logGroupName");
    if (group != null && !group.isNull() && !group.isTextual()) {
      throw new IllegalArgumentException("logGroupName must be a string");
    }
    List<String> streamNames = new ArrayList<>();
    JsonNode names = frame.get("logStreamNames");
    if (names != null && !names.isNull()) {
      if (!names.isArray()) {
        throw new IllegalArgumentException("logStreamNames must be an array of strings");
      }
      for (JsonNode name : names) {
        if (!name.isTextual()) {
          throw new IllegalArgumentException("logStreamNames must be an array of strings");
        }
        streamNames.add(name.asText());
      }
    }
    return new StreamRequest(
        group == null || group.isNull() ? null : group.asText(),
        streamNames,
        text(frame, "filterPattern"),
        number(frame, "since"),
        text(frame, "resume"));
  }

  private static String text(JsonNode frame, String field) {
    JsonNode node = frame.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return node.asText();
  }

  private static Long number(JsonNode frame, String field) {
    JsonNode node = frame.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber()) {
      throw new IllegalArgumentException(field + " must be epoch milliseconds");
    }
    return node.asLong();
  }
}
