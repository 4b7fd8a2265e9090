package io.etherwatch.inventory.domain;

/** A DescribeLogStreams page: by name prefix, or newest first when {@code byLastEventTime}. */
public record LogStreamQuery(
    String group, String prefix, boolean byLastEventTime, String nextToken, int limit) {}
