package io.etherwatch.inventory.service;

import io.etherwatch.inventory.domain.Dimension;
import io.etherwatch.inventory.domain.Statistic;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A statistics request as the caller sent it, already parsed: null start, end or period mean
 * "choose for me"; an empty statistics set means all of them.
 */
public record StatsRequest(
    String namespace,
    String metricName,
    List<Dimension> dimensions,
    Instant start,
    Instant end,
    Integer period,
    Set<Statistic> statistics) {}
