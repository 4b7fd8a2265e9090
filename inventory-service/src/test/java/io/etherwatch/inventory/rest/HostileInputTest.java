package io.etherwatch.inventory.rest;

import static io.etherwatch.inventory.rest.Api.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.etherwatch.inventory.AwsCallRecorder;
import io.etherwatch.inventory.Moto;
import io.etherwatch.inventory.Tokens;
import io.etherwatch.testsupport.JwtResource;
import io.etherwatch.testsupport.MotoResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * No input a client can send answers 5xx: every JSON shape and every parameter text gets a 4xx with
 * {@code {"error","message"}}, and names CloudWatch would refuse are the caller's 400, decided
 * before AWS is called. The first test of each kind is the input the fuzzer found (issue 13).
 */
@QuarkusTest
@WithTestResource(MotoResource.class)
@WithTestResource(JwtResource.class)
class HostileInputTest {
  private static final String STATS = "/api/ec2/metrics/stats";
  private static final String RUN = Moto.unique();
  private static final String BASE =
      "\"namespace\":\"Etherwatch/Test\",\"metricName\":\"hostile-" + Moto.unique() + "\"";

  @Inject AwsCallRecorder recorder;

  @Test
  void theFuzzersBodyWithANullStatisticIs400() {
    Api.badRequest(
        post(
            "{\"startDate\":\"\",\"endDate\":\"\",\"metricName\":\"\",\"namespace\":\"\","
                + "\"dimensions\":[],\"period\":0,\"statistics\":[null]}"));
  }

  @Test
  void theFuzzersNonAsciiMetricNameIs400WithoutCallingAws() {
    int calls = recorder.calls("GetMetricStatistics");
    Api.getEncoded(
            Tokens.viewer(),
            "/api/metrics/stats?namespace="
                + encode("÷Ew")
                + "&metricName="
                + encode("ÿ\u00adñ\u3042✓"))
        .then()
        .statusCode(400)
        .body("error", equalTo("bad_request"))
        .body("message", org.hamcrest.Matchers.containsString("ASCII"));
    assertThat(recorder.calls("GetMetricStatistics")).isEqualTo(calls);
  }

  /** Fields of the 2016 body with values of the wrong kind, each next to a valid metric. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        // null inside arrays
        "\"statistics\":[null]",
        "\"statistics\":[\"Average\",null]",
        "\"dimensions\":[null]",
        "\"dimensions\":[{\"Name\":null,\"Value\":\"v\"}]",
        // wrong JSON types
        "\"period\":\"sixty\"",
        "\"period\":true",
        "\"period\":{}",
        "\"period\":[]",
        "\"period\":1e30",
        "\"period\":99999999999",
        "\"startDate\":{}",
        "\"startDate\":[]",
        "\"startDate\":true",
        "\"dimensions\":{}",
        "\"dimensions\":\"Host=a\"",
        "\"dimensions\":[1]",
        "\"dimensions\":[[]]",
        "\"dimensions\":[{\"Name\":{},\"Value\":\"v\"}]",
        "\"statistics\":\"Average\"",
        "\"statistics\":[{}]",
        // bad dates
        "\"startDate\":\"2026-13-01T00:00:00Z\"",
        "\"startDate\":\"-1\"",
        "\"startDate\":\"99999999999999999999\"",
        "\"startDate\":\"253402300800000\"",
        "\"startDate\":\"+999999999-12-31T23:59:59Z\"",
        "\"startDate\":\"-0001-01-01T00:00:00Z\"",
        "\"endDate\":\"1969-12-31T23:59:59Z\"",
        "\"startDate\":1e300",
        // huge and odd periods
        "\"period\":2147483647",
        "\"period\":2147483640",
        "\"period\":-60",
        "\"period\":0",
        "\"period\":61",
        // overlong and non-ASCII names
        "\"namespace\":\"÷Ew\"",
        "\"namespace\":\":colon\"",
        "\"metricName\":\"ünï\"",
        "\"metricName\":\"tab\\there\"",
        "\"dimensions\":[{\"Name\":\"Hóst\",\"Value\":\"a\"}]",
        "\"dimensions\":[{\"Name\":\":Host\",\"Value\":\"a\"}]",
        "\"dimensions\":[{\"Name\":\"Host\",\"Value\":\"n\\u0000l\"}]",
      })
  void aBodyFieldOfTheWrongKindIs400(String field) {
    Api.badRequest(post("{" + BASE + "," + field + "}"));
  }

  @Test
  void overlongNamesInTheBodyAre400() {
    for (String field :
        new String[] {
          "\"namespace\":\"" + "n".repeat(256) + "\"",
          "\"metricName\":\"" + "m".repeat(256) + "\"",
          "\"dimensions\":[{\"Name\":\"" + "d".repeat(256) + "\",\"Value\":\"v\"}]",
          "\"dimensions\":[{\"Name\":\"Host\",\"Value\":\"" + "v".repeat(1025) + "\"}]",
        }) {
      // Jackson keeps the last of repeated keys: the field overrides the valid one.
      Api.badRequest(post("{" + BASE + "," + field + "}"))
          .body("message", org.hamcrest.Matchers.containsString("at most"));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[]",
        "[{}]",
        "\"text\"",
        "42",
        "true",
        "null",
        "",
        "{",
        "{\"namespace\":}",
        "{\"namespace\":\"a\",}",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
      })
  void aBodyThatIsNotAnObjectIs400(String body) {
    post(body).then().statusCode(400).body("error", equalTo("bad_request"));
    Api.as(Tokens.viewer("*"))
        .contentType("application/json")
        .body(body)
        .post("/api/log/streams")
        .then()
        .statusCode(400)
        .body("error", equalTo("bad_request"));
  }

  /** Query parameters of /api/metrics/stats that CloudWatch or the service cannot take. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "namespace=%C3%B7Ew",
        "metricName=%C3%BC",
        "namespace=%3Acolon",
        "metricName=%00",
        "dimension=H%C3%B3st%3Da",
        "dimension=%3AHost%3Da",
        "dimension=Host%3D%0A",
        "start=99999999999999999999",
        "start=253402300800000",
        "start=%2B999999999-12-31T23:59:59Z",
        "start=-0001-01-01T00:00:00Z",
        "end=1969-12-31T23:59:59Z",
        "start=2026-02-30T00:00:00Z",
        "period=2147483647",
        "period=2147483640",
        "period=-60",
        "period=1e3",
        "period=99999999999",
        "statistics=%00",
      })
  void aQueryParameterOfTheWrongKindIs400(String parameter) {
    Api.badRequest(metricStats(parameter));
  }

  @Test
  void overlongNamesInTheQueryAre400() {
    for (String parameter :
        new String[] {
          "namespace=" + "n".repeat(256),
          "metricName=" + "m".repeat(256),
          "dimension=" + "d".repeat(256) + "%3Dv",
          "dimension=Host%3D" + "v".repeat(1025),
        }) {
      Api.badRequest(metricStats(parameter))
          .body("message", org.hamcrest.Matchers.containsString("at most"));
    }
  }

  @Test
  void theLongestLegalStreamListIsAnsweredNot414() {
    // 100 stream names of 512 characters, each 3 bytes in UTF-8: 460 KB of percent-encoded query.
    String group = "/ew-hostile/" + RUN + "-long";
    try (CloudWatchLogsClient logs = Moto.logs()) {
      logs.createLogGroup(r -> r.logGroupName(group));
    }
    StringBuilder query = new StringBuilder("group=" + encode(group));
    for (int i = 0; i < 100; i++) {
      query.append("&streams=").append(encode(String.format("%03d", i) + "✓".repeat(509)));
    }
    assertThat(query.length()).isGreaterThan(400_000);
    Api.getEncoded(Tokens.viewer("*"), "/api/log/events?" + query)
        .then()
        .statusCode(200)
        .body("events.size()", equalTo(0));
  }

  /** Log route parameters of the wrong kind, on a group that exists. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "events?limit=0",
        "events?limit=10001",
        "events?limit=1e3",
        "events?limit=%00",
        "events?limit=99999999999",
        "events?start=yesterday",
        "events?start=99999999999999999999",
        "events?end=253402300800000",
        "events?start=2000&end=1000",
        "events?streams=a%3Ab",
        "events?nextToken=%00",
        "streams?orderBy=Name",
        "streams?orderBy=LastEventTime&prefix=a",
        "streams?prefix=a%2Ab",
        "streams?nextToken=v1.",
      })
  void aLogParameterOfTheWrongKindIs400(String pathAndQuery) {
    String group = "/ew-hostile/" + RUN;
    try (CloudWatchLogsClient logs = Moto.logs()) {
      if (logs.describeLogGroups(r -> r.logGroupNamePrefix(group)).logGroups().isEmpty()) {
        logs.createLogGroup(r -> r.logGroupName(group));
      }
    }
    Api.badRequest(
        Api.getEncoded(
            Tokens.viewer("*"), "/api/log/groups/" + encode(group) + "/" + pathAndQuery));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/ec2/%C3%BC",
        "/api/ec2/i-0123",
        "/api/ec2/%00",
        "/api/ec2/i-0123456789ABCDEF0",
        "/api/ec2/%C3%BC/metrics",
        "/api/ec2/i-zzzzzzzzzzzzzzzzz/metrics",
      })
  void anInstanceIdNotShapedAsEc2sIs404WithoutCallingAws(String path) {
    int calls = recorder.calls("DescribeInstances");
    Api.getEncoded(Tokens.viewer(), path)
        .then()
        .statusCode(404)
        .body("error", equalTo("not_found"));
    assertThat(recorder.calls("DescribeInstances")).isEqualTo(calls);
  }

  @ParameterizedTest
  @ValueSource(strings = {"state=%00", "vpc=%0Avpc", "tag:Name=%07"})
  void anEc2FilterWithControlCharactersIs400(String parameter) {
    Api.getEncoded(Tokens.viewer(), "/api/ec2?" + parameter)
        .then()
        .statusCode(400)
        .body("error", equalTo("bad_request"));
  }

  @Test
  void anOverlongEc2FilterIs400() {
    Api.as(Tokens.viewer())
        .queryParam("vpc", "v".repeat(256))
        .get("/api/ec2")
        .then()
        .statusCode(400)
        .body("error", equalTo("bad_request"));
  }

  /** A valid namespace and metric name, except the one {@code parameter} gives itself. */
  private static String valid(String parameter) {
    // The first of repeated query parameters wins, so the tested one must be the only one.
    String namespace = parameter.startsWith("namespace=") ? "" : "namespace=Etherwatch%2FTest&";
    String metric = parameter.startsWith("metricName=") ? "" : "metricName=q-" + Moto.unique();
    return (namespace + metric).replaceAll("&$", "");
  }

  /** A viewer's GET /api/metrics/stats with {@code parameter} (encoded) next to valid ones. */
  private static Response metricStats(String parameter) {
    return Api.getEncoded(
        Tokens.viewer(), "/api/metrics/stats?" + valid(parameter) + "&" + parameter);
  }

  private static Response post(String body) {
    return Api.as(Tokens.viewer()).contentType("application/json").body(body).post(STATS);
  }
}
