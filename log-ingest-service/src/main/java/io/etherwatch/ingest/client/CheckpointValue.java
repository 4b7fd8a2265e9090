package io.etherwatch.ingest.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The value of a checkpoint record: four numbers in a fixed order, so its size does not depend on
 * the lateness pattern. {@code lateEvents} (id → {timestamp, ingestionTime}) and {@code
 * lateEventIds} (id → timestamp) are only read: checkpoints written before the late events became
 * records of their own held them here.
 */
@JsonPropertyOrder({"timestamp", "ingestionTime", "trackingSince", "lateWatermark"})
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
record CheckpointValue(
    long timestamp,
    long ingestionTime,
    long trackingSince,
    Long lateWatermark,
    Map<String, JsonNode> lateEvents,
    Map<String, JsonNode> lateEventIds) {

  /** Whether this value is of the old form that embedded its late events. */
  boolean embedsLateEvents() {
    return lateEvents != null && !lateEvents.isEmpty()
        || lateEventIds != null && !lateEventIds.isEmpty();
  }
}
