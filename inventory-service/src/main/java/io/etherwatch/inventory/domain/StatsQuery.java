package io.etherwatch.inventory.domain;

import java.time.Instant;
import java.util.List;

/** One validated GetMetricStatistics call: every statistic is asked for, the period is chosen. */
public record StatsQuery(
    String namespace,
    String metricName,
    List<Dimension> dimensions,
    Instant start,
    Instant end,
    int period) {}
