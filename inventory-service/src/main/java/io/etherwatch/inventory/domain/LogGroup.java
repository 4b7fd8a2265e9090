package io.etherwatch.inventory.domain;

/** A CloudWatch Logs group; times are epoch milliseconds as AWS gives them. */
public record LogGroup(
    String logGroupName,
    String arn,
    Long storedBytes,
    Long creationTime,
    Integer retentionInDays) {}
