package io.etherwatch.inventory.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.etherwatch.inventory.Moto;
import io.etherwatch.inventory.Tokens;
import io.etherwatch.testsupport.JwtResource;
import io.etherwatch.testsupport.MotoResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * Metric statistics against moto: one datapoint per hour for 90 days (value k + 1 for the k-th hour
 * back, half an hour off the hour), then the 2016 ranges — 1 day, 1 week, 30 days, 90 days.
 */
@QuarkusTest
@WithTestResource(MotoResource.class)
@WithTestResource(JwtResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricStatsTest {
  private static final String NAMESPACE = "Etherwatch/Host";
  private static final int HOURS = 90 * 24;

  private final String metric = "ew-stats-" + Moto.unique();
  private final String host = "host-" + Moto.unique();
  private Instant end;

  @BeforeAll
  void putAnHourlySeries() {
    end = Instant.now().truncatedTo(ChronoUnit.HOURS);
    List<MetricDatum> data = new ArrayList<>();
    for (int k = 0; k < HOURS; k++) {
      data.add(datum(host, end.minus(Duration.ofMinutes(60L * k + 30)), k + 1.0));
    }
    try (CloudWatchClient cloudWatch = Moto.cloudWatch()) {
      for (int from = 0; from < data.size(); from += 500) {
        List<MetricDatum> batch = data.subList(from, Math.min(data.size(), from + 500));
        cloudWatch.putMetricData(r -> r.namespace(NAMESPACE).metricData(batch));
      }
    }
  }

  @ParameterizedTest(name = "{0} days → period {1}")
  @CsvSource({"1, 60", "7, 420", "30, 1800", "90, 7200"})
  void choosesThePeriodAndSummarisesTheRange(int days, int period) {
    JsonPath body =
        stats()
            .queryParam("start", end.minus(Duration.ofDays(days)).toString())
            .queryParam("end", end.toString())
            .get("/api/metrics/stats")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    int n = days * 24;
    assertThat(body.getInt("period")).isEqualTo(period);
    assertThat(body.getString("label")).isEqualTo(metric);
    assertThat(body.getString("unit")).isEqualTo("Count");
    List<Instant> times =
        body.<String>getList("datapoints.timestamp").stream().map(Instant::parse).toList();
    assertThat(times).isNotEmpty().isSorted().doesNotHaveDuplicates();
    assertThat(times.size()).isLessThanOrEqualTo(1440);
    assertThat(body.getDouble("summary.sampleCount")).isEqualTo(n);
    assertThat(body.getDouble("summary.sum")).isEqualTo(n * (n + 1) / 2.0);
    assertThat(body.getDouble("summary.minimum")).isEqualTo(1.0);
    assertThat(body.getDouble("summary.maximum")).isEqualTo(n);
    assertThat(body.getDouble("summary.average")).isCloseTo((n + 1) / 2.0, within(1e-9));
    double sampled =
        body.<Float>getList("datapoints.sampleCount").stream()
            .mapToDouble(Float::doubleValue)
            .sum();
    assertThat(sampled).isEqualTo(n);
  }

  @Test
  void theDefaultRangeIsTheLastDay() {
    // Points relative to now, not to the hourly series: the default range moves with the clock.
    String recentHost = "host-" + Moto.unique();
    Instant now = Instant.now();
    try (CloudWatchClient cloudWatch = Moto.cloudWatch()) {
      cloudWatch.putMetricData(
          r ->
              r.namespace(NAMESPACE)
                  .metricData(
                      datum(recentHost, now.minus(Duration.ofMinutes(10)), 1.0),
                      datum(recentHost, now.minus(Duration.ofHours(23)), 2.0),
                      datum(recentHost, now.minus(Duration.ofHours(25)), 100.0)));
    }
    Api.as(Tokens.viewer())
        .queryParam("namespace", NAMESPACE)
        .queryParam("metricName", metric)
        .queryParam("dimension", "Host=" + recentHost)
        .queryParam("dimension", "Protocol=tcp")
        .queryParam("dimension", "Direction=in")
        .get("/api/metrics/stats")
        .then()
        .statusCode(200)
        .body("period", equalTo(60))
        .body("summary.sampleCount", equalTo((float) 2.0))
        .body("summary.maximum", equalTo((float) 2.0));
  }

  private MetricDatum datum(String host, Instant at, double value) {
    return MetricDatum.builder()
        .metricName(metric)
        .timestamp(at)
        .value(value)
        .unit(StandardUnit.COUNT)
        .dimensions(
            dimension("Host", host), dimension("Protocol", "tcp"), dimension("Direction", "in"))
        .build();
  }

  @Test
  void answersOnlyTheStatisticsAsked() {
    JsonPath body =
        stats()
            .queryParam("start", end.minus(Duration.ofDays(1)).toString())
            .queryParam("end", end.toString())
            .queryParam("statistics", "Average,Maximum")
            .get("/api/metrics/stats")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    Map<String, Object> first = body.getMap("datapoints[0]");
    assertThat(first).containsOnlyKeys("timestamp", "average", "maximum");
    assertThat(body.getDouble("summary.sum")).isEqualTo(300.0);
  }

  @Test
  void keepsARequestedPeriodThatCloudWatchCanServe() {
    stats()
        .queryParam("start", end.minus(Duration.ofDays(1)).toString())
        .queryParam("end", end.toString())
        .queryParam("period", "3600")
        .get("/api/metrics/stats")
        .then()
        .statusCode(200)
        .body("period", equalTo(3600))
        .body("datapoints.size()", equalTo(24));
  }

  @Test
  void the2016PostFormGivesTheSameAnswer() {
    Instant start = end.minus(Duration.ofDays(7));
    String body = body2016("\"" + start + "\"", "\"" + end + "\"");
    String posted = post2016(body).then().statusCode(200).extract().asString();
    String got =
        stats()
            .queryParam("start", start.toString())
            .queryParam("end", end.toString())
            .get("/api/metrics/stats")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(posted).isEqualTo(got);
    assertThat(new JsonPath(posted).getInt("period")).isEqualTo(420);
  }

  @Test
  void the2016PostFormAcceptsEpochMilliseconds() {
    String body =
        body2016(
            String.valueOf(end.minus(Duration.ofDays(1)).toEpochMilli()),
            String.valueOf(end.toEpochMilli()));
    post2016(body).then().statusCode(200).body("summary.sampleCount", equalTo((float) 24.0));
  }

  @Test
  void startAfterEndIs400() {
    badRequest(
        stats()
            .queryParam("start", end.toString())
            .queryParam("end", end.minus(Duration.ofHours(1)).toString()),
        "must be before end");
  }

  @Test
  void anUnknownStatisticIs400() {
    badRequest(stats().queryParam("statistics", "Average,Median"), "unknown statistic 'Median'");
  }

  @Test
  void aRangeOver455DaysIs400() {
    badRequest(
        stats()
            .queryParam("start", end.minus(Duration.ofDays(500)).toString())
            .queryParam("end", end.toString()),
        "at most 455 days");
  }

  @Test
  void aStartOlderThan455DaysIs400() {
    badRequest(
        stats()
            .queryParam("start", end.minus(Duration.ofDays(460)).toString())
            .queryParam("end", end.minus(Duration.ofDays(450)).toString()),
        "more than 455 days ago");
  }

  @Test
  void aMalformedDimensionIs400() {
    badRequest(
        Api.as(Tokens.viewer())
            .queryParam("namespace", NAMESPACE)
            .queryParam("metricName", metric)
            .queryParam("dimension", "HostOnly"),
        "malformed dimension 'HostOnly'");
  }

  @Test
  void aMalformedDimensionInThePostFormIs400() {
    post2016("{\"metricName\":\"m\",\"namespace\":\"n\",\"dimensions\":[{\"Name\":\"Host\"}]}")
        .then()
        .statusCode(400)
        .body("error", equalTo("bad_request"))
        .body("message", containsString("malformed dimension"));
  }

  @Test
  void aPeriodFinerThanTheRetentionIs400() {
    badRequest(
        stats()
            .queryParam("start", end.minus(Duration.ofDays(30)).toString())
            .queryParam("end", end.minus(Duration.ofDays(29)).toString())
            .queryParam("period", "60"),
        "use a multiple of 300");
  }

  @Test
  void aPeriodGivingTooManyPointsIs400() {
    badRequest(
        stats()
            .queryParam("start", end.minus(Duration.ofDays(7)).toString())
            .queryParam("end", end.toString())
            .queryParam("period", "60"),
        "use at least 420 seconds");
  }

  @Test
  void aPeriodNotAMultipleOf60Is400() {
    badRequest(stats().queryParam("period", "90"), "positive multiple of 60");
  }

  @Test
  void aPeriodThatIsNotANumberIs400() {
    badRequest(stats().queryParam("period", "1h"), "period '1h' is not a number of seconds");
  }

  @Test
  void aMissingNamespaceIs400() {
    badRequest(Api.as(Tokens.viewer()).queryParam("metricName", metric), "namespace is required");
  }

  @Test
  void aTimeThatIsNotATimeIs400() {
    badRequest(stats().queryParam("start", "yesterday"), "start 'yesterday' is not a time");
  }

  @Test
  void aMalformedJsonBodyIs400() {
    post2016("{\"startDate\":").then().statusCode(400).body("error", equalTo("bad_request"));
  }

  private RequestSpecification stats() {
    return Api.as(Tokens.viewer())
        .queryParam("namespace", NAMESPACE)
        .queryParam("metricName", metric)
        .queryParam("dimension", "Host=" + host)
        .queryParam("dimension", "Protocol=tcp")
        .queryParam("dimension", "Direction=in");
  }

  private static void badRequest(RequestSpecification request, String says) {
    Api.badRequest(request.get("/api/metrics/stats")).body("message", containsString(says));
  }

  /** The 2016 body for this test's series, {@code start} and {@code end} as JSON values. */
  private String body2016(String start, String end) {
    return """
        {"startDate":%s,"endDate":%s,"metricName":"%s","namespace":"%s",
         "dimensions":[{"Name":"Host","Value":"%s"},{"Name":"Protocol","Value":"tcp"},
                       {"Name":"Direction","Value":"in"}]}
        """
        .formatted(start, end, metric, NAMESPACE, host);
  }

  /** A viewer's {@code POST /api/ec2/metrics/stats} of {@code body}. */
  private static Response post2016(String body) {
    return Api.as(Tokens.viewer())
        .contentType("application/json")
        .body(body)
        .post("/api/ec2/metrics/stats");
  }

  private static Dimension dimension(String name, String value) {
    return Dimension.builder().name(name).value(value).build();
  }
}
