package io.etherwatch.ingest.domain;

import java.util.HashMap;
import java.util.Map;

/**
 * How far a stream has been published: the newest event timestamp and ingestion time in Kafka,
 * since when its group is followed (older arrivals are history, not late events), and the events
 * found too late to publish (so each is counted once). The event ids that suppress re-reads are not
 * here: they are read back from the events topic, which holds them exactly. In Kafka the late
 * events are records of their own beside the checkpoint (so its value has a fixed size whatever the
 * lateness pattern); here they are one map.
 *
 * <p>The group-wide entry ({@link LogStreamPartition#groupWide}) also holds {@code lateWatermark}:
 * a completed late sweep looked for every event ingested up to then, so the next one counts only
 * events ingested after it ({@code Long.MIN_VALUE}: no late sweep completed yet).
 */
public record LogStreamCheckpoint(
    long timestamp,
    long ingestionTime,
    long trackingSince,
    Map<String, LateEvent> lateEvents,
    long lateWatermark) {

  public LogStreamCheckpoint {
    lateEvents = Map.copyOf(lateEvents);
  }

  /** A stream never published, of a group followed since {@code trackingSince}. */
  public static LogStreamCheckpoint initial(long trackingSince) {
    return new LogStreamCheckpoint(
        Long.MIN_VALUE, Long.MIN_VALUE, trackingSince, Map.of(), Long.MIN_VALUE);
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
        lateEvents,
        lateWatermark);
  }

  /**
   * This checkpoint with more late events. A counted event is forgotten only when no read can count
   * it again: its timestamp is below {@code keepFrom} (the lookback sweep's start) and it was
   * ingested at or before {@code watermark} (the late sweep's, which counts only newer arrivals).
   */
  public LogStreamCheckpoint withLateEvents(
      Map<String, LateEvent> added, long keepFrom, long watermark) {
    Map<String, LateEvent> late = new HashMap<>();
    lateEvents.forEach(
        (id, e) -> {
          if (e.timestamp() >= keepFrom || e.ingestionTime() > watermark) {
            late.put(id, e);
          }
        });
    late.putAll(added);
    return new LogStreamCheckpoint(timestamp, ingestionTime, trackingSince, late, lateWatermark);
  }

  /** The same with one late event. */
  public LogStreamCheckpoint withLateEvent(
      String eventId, LateEvent event, long keepFrom, long watermark) {
    return withLateEvents(Map.of(eventId, event), keepFrom, watermark);
  }

  /** This (group-wide) checkpoint after a late sweep that looked up to {@code watermark}. */
  public LogStreamCheckpoint withLateWatermark(long watermark) {
    return new LogStreamCheckpoint(
        timestamp, ingestionTime, trackingSince, lateEvents, Math.max(lateWatermark, watermark));
  }
}
