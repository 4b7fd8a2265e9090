package io.etherwatch.ingest.domain;

/**
 * One stream's checkpoint moving from {@code previous} to {@code next} in a transaction: the late
 * events {@code next} adds are written, those it drops are deleted.
 */
public record CheckpointUpdate(
    LogStreamPartition partition, LogStreamCheckpoint previous, LogStreamCheckpoint next) {}
