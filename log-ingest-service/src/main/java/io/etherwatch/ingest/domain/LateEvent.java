package io.etherwatch.ingest.domain;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An event counted as too late to publish: kept (as a record of its own in the checkpoint topic) so
 * it counts once. {@code ingestionTime} is {@code Long.MIN_VALUE} when unknown (checkpoints written
 * before late sweeps stored the timestamp only).
 */
@JsonPropertyOrder({"timestamp", "ingestionTime"})
public record LateEvent(long timestamp, long ingestionTime) {}
