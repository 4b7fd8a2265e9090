package io.etherwatch.ingest.client;

import io.etherwatch.ingest.domain.LogStreamCheckpoint;
import io.etherwatch.ingest.domain.LogStreamPartition;
import java.util.Map;
import java.util.Set;

/**
 * What the checkpoint topic holds: each stream's checkpoint with its late events, and which of them
 * were read in the old form that embedded the late events in the value (to be rewritten once).
 */
public record CommittedCheckpoints(
    Map<LogStreamPartition, LogStreamCheckpoint> all, Set<LogStreamPartition> embedded) {}
