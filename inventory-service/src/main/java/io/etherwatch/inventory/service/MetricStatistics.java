package io.etherwatch.inventory.service;

import io.etherwatch.inventory.client.MetricsGateway;
import io.etherwatch.inventory.domain.Datapoint;
import io.etherwatch.inventory.domain.MetricSeries;
import io.etherwatch.inventory.domain.MetricStats;
import io.etherwatch.inventory.domain.Statistic;
import io.etherwatch.inventory.domain.StatsQuery;
import io.etherwatch.inventory.domain.StatsSummary;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Metric statistics over a range, with the period chosen and a summary of the whole range. */
@Singleton
public class MetricStatistics {
  static final Duration DEFAULT_RANGE = Duration.ofDays(1);

  private final MetricsGateway metrics;
  private final ShortCache.Region<StatsQuery, MetricSeries> cache;
  private final Clock clock;

  MetricStatistics(MetricsGateway metrics, AwsCaches caches) {
    this.metrics = metrics;
    this.cache = caches.region("metric-statistics", CacheWeights::series);
    this.clock = Clock.systemUTC();
  }

  public MetricStats stats(StatsRequest request) {
    String namespace =
        MetricNames.namespace(RequestParams.required("namespace", request.namespace()));
    String metricName =
        MetricNames.metricName(RequestParams.required("metricName", request.metricName()));
    Instant now = clock.instant();
    // A whole minute: CloudWatch's finest standard resolution, and a cache key a burst shares.
    Instant end = request.end() != null ? request.end() : now.truncatedTo(ChronoUnit.MINUTES);
    Instant start = request.start() != null ? request.start() : end.minus(DEFAULT_RANGE);
    int period = PeriodPolicy.choose(start, end, request.period(), now);
    StatsQuery query =
        new StatsQuery(namespace, metricName, request.dimensions(), start, end, period);
    MetricSeries series = cache.get(query, () -> metrics.statistics(query));
    Set<Statistic> wanted =
        request.statistics().isEmpty() ? EnumSet.allOf(Statistic.class) : request.statistics();
    return new MetricStats(
        series.label(),
        series.unit(),
        period,
        series.datapoints().stream().map(d -> only(wanted, d)).toList(),
        summary(series.datapoints()));
  }

  /** Minimum of minimums, maximum of maximums, sums of sums and counts, average = sum / count. */
  static StatsSummary summary(List<Datapoint> datapoints) {
    if (datapoints.isEmpty()) {
      return new StatsSummary(null, null, null, 0.0, 0.0);
    }
    double minimum =
        datapoints.stream()
            .map(Datapoint::minimum)
            .filter(Objects::nonNull)
            .mapToDouble(Double::doubleValue)
            .min()
            .orElse(Double.NaN);
    double maximum =
        datapoints.stream()
            .map(Datapoint::maximum)
            .filter(Objects::nonNull)
            .mapToDouble(Double::doubleValue)
            .max()
            .orElse(Double.NaN);
    double sum =
        datapoints.stream()
            .map(Datapoint::sum)
            .filter(Objects::nonNull)
            .mapToDouble(Double::doubleValue)
            .sum();
    double count =
        datapoints.stream()
            .map(Datapoint::sampleCount)
            .filter(Objects::nonNull)
            .mapToDouble(Double::doubleValue)
            .sum();
    return new StatsSummary(
        Double.isNaN(minimum) ? null : minimum,
        Double.isNaN(maximum) ? null : maximum,
        count > 0 ? sum / count : null,
        sum,
        count);
  }

  private static Datapoint only(Set<Statistic> wanted, Datapoint d) {
    return new Datapoint(
        d.timestamp(),
        wanted.contains(Statistic.AVERAGE) ? d.average() : null,
        wanted.contains(Statistic.SUM) ? d.sum() : null,
        wanted.contains(Statistic.MINIMUM) ? d.minimum() : null,
        wanted.contains(Statistic.MAXIMUM) ? d.maximum() : null,
        wanted.contains(Statistic.SAMPLE_COUNT) ? d.sampleCount() : null);
  }
}
