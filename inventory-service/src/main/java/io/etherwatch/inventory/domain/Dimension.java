package io.etherwatch.inventory.domain;

/** A CloudWatch metric dimension. */
public record Dimension(String name, String value) {}
