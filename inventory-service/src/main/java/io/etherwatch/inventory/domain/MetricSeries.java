package io.etherwatch.inventory.domain;

import java.util.List;

/** What GetMetricStatistics answered: the label, the unit and the datapoints in time order. */
public record MetricSeries(String label, String unit, List<Datapoint> datapoints) {}
