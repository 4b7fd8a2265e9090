package io.etherwatch.ingest.domain;

/** One event as FilterLogEvents returned it (the group is known from the call). */
public record FetchedEvent(
    String eventId, String stream, long timestamp, long ingestionTime, String message) {}
