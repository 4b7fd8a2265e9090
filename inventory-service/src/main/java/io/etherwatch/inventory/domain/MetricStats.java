package io.etherwatch.inventory.domain;

import java.util.List;

/** The answer of the metric statistics routes; {@code period} is the one actually used. */
public record MetricStats(
    String label, String unit, int period, List<Datapoint> datapoints, StatsSummary summary) {}
