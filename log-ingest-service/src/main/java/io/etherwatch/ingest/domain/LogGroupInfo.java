package io.etherwatch.ingest.domain;

/** A log group found by discovery. */
public record LogGroupInfo(String name, long creationTime) {}
