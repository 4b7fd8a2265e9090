package io.etherwatch.logevent;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One CloudWatch Logs event as log-ingest-service publishes it to Kafka (the record value, JSON)
 * and push-service forwards it to clients (DESIGN sections 5 and 6). {@code eventId} is opaque:
 * deduplicate on it, never parse it.
 */
@JsonPropertyOrder({
  "schema",
  "eventId",
  "logGroupName",
  "logStreamName",
  "timestamp",
  "ingestionTime",
  "message"
})
public record LogEvent(
    String schema,
    String eventId,
    String logGroupName,
    String logStreamName,
    long timestamp,
    long ingestionTime,
    String message) {

  /** The value of {@code schema} in every record of this version. */
  public static final String SCHEMA = "etherwatch.log-event/v1";

  /** Record header with the log group name (the topic name may be a lossy mapping of it). */
  public static final String HEADER_GROUP = "ew-group";

  /** Record header with the log stream name (also the record key). */
  public static final String HEADER_STREAM = "ew-stream";

  /** Record header with the CloudWatch event id. */
  public static final String HEADER_EVENT_ID = "ew-event-id";

  public static LogEvent of(
      String eventId,
      String logGroupName,
      String logStreamName,
      long timestamp,
      long ingestionTime,
      String message) {
    return new LogEvent(
        SCHEMA, eventId, logGroupName, logStreamName, timestamp, ingestionTime, message);
  }
}
