package io.etherwatch.ingest.client;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The key of one counted-late event's record in the checkpoint topic, beside its stream's
 * checkpoint: JSON {@code {"group","stream","eventId"}} in that order; a tombstone forgets it.
 */
@JsonPropertyOrder({"group", "stream", "eventId"})
record LateEventKey(String group, String stream, String eventId) {}
