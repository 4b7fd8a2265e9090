package io.etherwatch.push.service;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a subscription stands: for each partition of its topics, the offset of the next record to
 * deliver. Clients see it as an opaque string (base64url of {@code v1;topic:partition:offset;...});
 * a LOG_EVENTS frame's cursor resumes right after its last event.
 */
public final class Cursor {
  private static final String VERSION = "v1";

  private Cursor() {}

  public static String encode(Map<TopicPartition, Long> positions) {
    StringBuilder text = new StringBuilder(VERSION);
    for (Map.Entry<TopicPartition, Long> e : sorted(positions).entrySet()) {
      text.append(';')
          .append(e.getKey().topic())
          .append(':')
          .append(e.getKey().partition())
          .append(':')
          .append(e.getValue());
    }
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The positions of a cursor; IllegalArgumentException when it is not one of ours. */
  public static Map<TopicPartition, Long> decode(String cursor) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("resume is not a cursor of this service");
    }
    String[] parts = text.split(";");
    if (!VERSION.equals(parts[0])) {
      throw new IllegalArgumentException("resume is not a cursor of this service");
    }
    Map<TopicPartition, Long> positions = new TreeMap<>(Cursor::compare);
    for (int i = 1; i < parts.length; i++) {
      String[] fields = parts[i].split(":");
      try {
        if (fields.length != 3 || Long.parseLong(fields[2]) < 0) {
          throw new NumberFormatException();
        }
        positions.put(
            new TopicPartition(fields[0], Integer.parseInt(fields[1])), Long.parseLong(fields[2]));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("resume is not a cursor of this service");
      }
    }
    return positions;
  }

  private static Map<TopicPartition, Long> sorted(Map<TopicPartition, Long> positions) {
    Map<TopicPartition, Long> sorted = new TreeMap<>(Cursor::compare);
    sorted.putAll(positions);
    return sorted;
  }

  private static int compare(TopicPartition a, TopicPartition b) {
    int byTopic = a.topic().compareTo(b.topic());
    return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
  }
}
