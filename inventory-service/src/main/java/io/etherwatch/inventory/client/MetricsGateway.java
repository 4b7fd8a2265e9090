package io.etherwatch.inventory.client;

import io.etherwatch.inventory.domain.Datapoint;
import io.etherwatch.inventory.domain.Dimension;
import io.etherwatch.inventory.domain.MetricRef;
import io.etherwatch.inventory.domain.MetricSeries;
import io.etherwatch.inventory.domain.Statistic;
import io.etherwatch.inventory.domain.StatsQuery;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.DimensionFilter;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricStatisticsRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricStatisticsResponse;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsRequest;
import software.amazon.awssdk.services.cloudwatch.model.Metric;

/** ListMetrics (every page, deduplicated) and GetMetricStatistics (datapoints in time order). */
@Singleton
public class MetricsGateway {
  static final String LIST_METRICS = "cloudwatch:ListMetrics";
  static final String GET_METRIC_STATISTICS = "cloudwatch:GetMetricStatistics";

  private final CloudWatchClient cloudWatch;

  MetricsGateway(CloudWatchClient cloudWatch) {
    this.cloudWatch = cloudWatch;
  }

  /** The metrics of {@code namespace} having the dimension {@code name=value}, each once. */
  public List<MetricRef> metrics(String namespace, Dimension dimension) {
    ListMetricsRequest request =
        ListMetricsRequest.builder()
            .namespace(namespace)
            .dimensions(
                DimensionFilter.builder().name(dimension.name()).value(dimension.value()).build())
            .build();
    return AwsCalls.call(
        LIST_METRICS,
        () -> {
          // A set: ListMetrics may repeat a metric (moto does, once per datapoint).
          Set<MetricRef> metrics = new LinkedHashSet<>();
          for (Metric metric : cloudWatch.listMetricsPaginator(request).metrics()) {
            metrics.add(toRef(metric));
          }
          return List.copyOf(metrics);
        });
  }

  /** Every statistic of the query's metric over its range, sorted by timestamp. */
  public MetricSeries statistics(StatsQuery query) {
    GetMetricStatisticsRequest request =
        GetMetricStatisticsRequest.builder()
            .namespace(query.namespace())
            .metricName(query.metricName())
            .dimensions(
                query.dimensions().stream()
                    .map(
                        d ->
                            software.amazon.awssdk.services.cloudwatch.model.Dimension.builder()
                                .name(d.name())
                                .value(d.value())
                                .build())
                    .toList())
            .startTime(query.start())
            .endTime(query.end())
            .period(query.period())
            .statisticsWithStrings(
                Arrays.stream(Statistic.values()).map(Statistic::awsName).toList())
            .build();
    GetMetricStatisticsResponse response =
        AwsCalls.call(GET_METRIC_STATISTICS, () -> cloudWatch.getMetricStatistics(request));
    List<software.amazon.awssdk.services.cloudwatch.model.Datapoint> sorted =
        response.datapoints().stream()
            .sorted(
                Comparator.comparing(
                    software.amazon.awssdk.services.cloudwatch.model.Datapoint::timestamp))
            .toList();
    String unit = sorted.isEmpty() ? null : sorted.get(0).unitAsString();
    return new MetricSeries(
        response.label() == null ? query.metricName() : response.label(),
        unit,
        sorted.stream()
            .map(
                d ->
                    new Datapoint(
                        d.timestamp(),
                        d.average(),
                        d.sum(),
                        d.minimum(),
                        d.maximum(),
                        d.sampleCount()))
            .toList());
  }

  private static MetricRef toRef(Metric metric) {
    List<Dimension> dimensions =
        metric.dimensions().stream()
            .map(d -> new Dimension(d.name(), d.value()))
            .sorted(Comparator.comparing(Dimension::name).thenComparing(Dimension::value))
            .toList();
    return new MetricRef(metric.namespace(), metric.metricName(), dimensions);
  }
}
