package io.etherwatch.inventory.domain;

/** A log event in the shape push-service streams (DESIGN section 6). */
public record LogEventView(
    String eventId,
    String logGroupName,
    String logStreamName,
    Long timestamp,
    Long ingestionTime,
    String message) {}
