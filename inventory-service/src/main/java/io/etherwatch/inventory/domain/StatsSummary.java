package io.etherwatch.inventory.domain;

/** The statistics of the whole range, computed from every datapoint. */
public record StatsSummary(
    Double minimum, Double maximum, Double average, Double sum, Double sampleCount) {}
