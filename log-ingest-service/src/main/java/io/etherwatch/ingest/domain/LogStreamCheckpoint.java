package io.etherwatch.ingest.domain;

import java.util.HashMap;
import java.util.Map;

/**
 * How far a stream has been published: the newest event timestamp and ingestion time in Kafka,
 * since when its group is followed (older arrivals are history, not late events), and the ids of
 * events found too late to publish (so each is counted once). The event ids that suppress re-reads
 * are not here: they are read back from the events topic, which holds them exactly.
 */
public record LogStreamCheckpoint(
    long timestamp, long ingestionTime, long trackingSince, Map<String, Long> lateEventIds) {

  public LogStreamCheckpoint {
    lateEventIds = Map.copyOf(lateEventIds);
  }

  /** A stream never published, of a group followed since {@code trackingSince}. */
  public static LogStreamCheckpoint initial(long trackingSince) {
    return new LogStreamCheckpoint(Long.MIN_VALUE, Long.MIN_VALUE, trackingSince, Map.of());
  }

  public boolean isInitial() {
    return timestamp == Long.MIN_VALUE;
  }

  /** This checkpoint after publishing an event. */
  public LogStreamCheckpoint advancedTo(long eventTimestamp, long eventIngestionTime) {
    return new LogStreamCheckpoint(
        Math.max(timestamp, eventTimestamp),
        Math.max(ingestionTime, eventIngestionTime),
        trackingSince,
        lateEventIds);
  }

  /** This checkpoint with one more late event, and without late ids older than {@code keepFrom}. */
  public LogStreamCheckpoint withLateEvent(String eventId, long eventTimestamp, long keepFrom) {
    Map<String, Long> late = new HashMap<>();
    lateEventIds.forEach(
        (id, ts) -> {
          if (ts >= keepFrom) {
            late.put(id, ts);
          }
        });
    late.put(eventId, eventTimestamp);
    return new LogStreamCheckpoint(timestamp, ingestionTime, trackingSince, late);
  }

  public Map<String, Object> toMap() {
    Map<String, Object> map = new HashMap<>();
    map.put("timestamp", timestamp);
    map.put("ingestionTime", ingestionTime);
    map.put("trackingSince", trackingSince);
    map.put("lateEventIds", lateEventIds);
    return map;
  }

  public static LogStreamCheckpoint fromMap(Map<String, ?> map) {
    Map<String, Long> late = new HashMap<>();
    if (map.get("lateEventIds") instanceof Map<?, ?> ids) {
      ids.forEach((id, ts) -> late.put(String.valueOf(id), ((Number) ts).longValue()));
    }
    return new LogStreamCheckpoint(
        ((Number) map.get("timestamp")).longValue(),
        ((Number) map.get("ingestionTime")).longValue(),
        ((Number) map.get("trackingSince")).longValue(),
        late);
  }
}
