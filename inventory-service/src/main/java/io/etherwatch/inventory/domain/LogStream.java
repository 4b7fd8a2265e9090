package io.etherwatch.inventory.domain;

/** A CloudWatch Logs stream; times are epoch milliseconds as AWS gives them. */
public record LogStream(
    String logStreamName,
    Long creationTime,
    Long firstEventTimestamp,
    Long lastEventTimestamp,
    Long lastIngestionTime,
    Long storedBytes) {}
