package io.etherwatch.ingest.domain;

import java.util.Map;

/** An event counted as too late to publish: kept in its stream's checkpoint so it counts once. */
public record LateEvent(long timestamp, long ingestionTime) {

  public Map<String, Long> toMap() {
    return Map.of("timestamp", timestamp, "ingestionTime", ingestionTime);
  }

  /**
   * Reads the map form, or the bare timestamp that older checkpoints stored (ingestion unknown).
   */
  public static LateEvent fromJson(Object value) {
    if (value instanceof Map<?, ?> map) {
      return new LateEvent(
          ((Number) map.get("timestamp")).longValue(),
          ((Number) map.get("ingestionTime")).longValue());
    }
    return new LateEvent(((Number) value).longValue(), Long.MIN_VALUE);
  }
}
