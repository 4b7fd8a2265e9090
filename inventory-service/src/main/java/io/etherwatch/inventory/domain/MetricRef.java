package io.etherwatch.inventory.domain;

import java.util.List;

/** A metric that has data: its namespace, name and full dimension set. */
public record MetricRef(String namespace, String metricName, List<Dimension> dimensions) {}
