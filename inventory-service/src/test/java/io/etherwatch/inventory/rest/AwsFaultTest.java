package io.etherwatch.inventory.rest;

import static io.etherwatch.inventory.rest.Api.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.etherwatch.inventory.AwsCallRecorder;
import io.etherwatch.inventory.Moto;
import io.etherwatch.inventory.Tokens;
import io.etherwatch.testsupport.JwtResource;
import io.etherwatch.testsupport.MotoResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * AWS failures injected at the SDK client (an execution interceptor in front of the real moto), and
 * the single flight that turns a burst of identical requests into one AWS call.
 */
@QuarkusTest
@WithTestResource(MotoResource.class)
@WithTestResource(JwtResource.class)
class AwsFaultTest {
  private static final int BURST = 50;

  @Inject AwsCallRecorder recorder;

  @TestHTTPResource("/")
  URI base;

  @AfterEach
  void clearFaults() {
    recorder.clear();
  }

  @Test
  void throttlingIs503WithRetryAfter() {
    String prefix = "/ew-fault/" + Moto.unique() + "/";
    recorder.fail("DescribeLogGroups", "ThrottlingException", 400);
    int calls = recorder.calls("DescribeLogGroups");
    int attempts = recorder.attempts("DescribeLogGroups");
    groupsAsAdmin(prefix)
        .statusCode(503)
        .header("Retry-After", equalTo("2"))
        .body("error", equalTo("aws_throttled"))
        .body("message", containsString("logs:DescribeLogGroups"))
        .body("message", not(containsString("injected")));
    // One call, retried by the SDK with backoff before the service gave up.
    assertThat(recorder.calls("DescribeLogGroups") - calls).isEqualTo(1);
    assertThat(recorder.attempts("DescribeLogGroups") - attempts).isGreaterThan(1);
  }

  @Test
  void accessDeniedIsNotRetried() {
    recorder.fail("DescribeLogGroups", "AccessDeniedException", 400);
    int attempts = recorder.attempts("DescribeLogGroups");
    groupsAsAdmin("/ew-fault/" + Moto.unique() + "/")
        .statusCode(502)
        .body("error", equalTo("aws_access_denied"))
        .body("message", containsString("logs:DescribeLogGroups"));
    assertThat(recorder.attempts("DescribeLogGroups") - attempts).isEqualTo(1);
  }

  @Test
  void ec2ThrottlingIs503() {
    recorder.fail("DescribeInstances", "RequestLimitExceeded", 503);
    instancesOfANewVpc()
        .statusCode(503)
        .header("Retry-After", equalTo("2"))
        .body("error", equalTo("aws_throttled"));
  }

  @Test
  void ec2AccessDeniedIs502NamingThePermission() {
    recorder.fail("DescribeInstances", "UnauthorizedOperation", 403);
    instancesOfANewVpc()
        .statusCode(502)
        .body("error", equalTo("aws_access_denied"))
        .body("message", containsString("ec2:DescribeInstances"));
  }

  @Test
  void metricStatisticsAccessDeniedIs502NamingThePermission() {
    recorder.fail("GetMetricStatistics", "AccessDenied", 403);
    Api.as(Tokens.viewer())
        .queryParam("namespace", "Etherwatch/Test")
        .queryParam("metricName", "denied-" + Moto.unique())
        .get("/api/metrics/stats")
        .then()
        .statusCode(502)
        .body("error", equalTo("aws_access_denied"))
        .body("message", containsString("cloudwatch:GetMetricStatistics"));
  }

  @Test
  void logSearchAccessDeniedIs502NamingThePermission() {
    String group = "/ew-fault/" + Moto.unique() + "/denied";
    recorder.fail("FilterLogEvents", "AccessDeniedException", 400);
    getAsAdmin("/api/log/groups/" + encode(group) + "/events")
        .statusCode(502)
        .body("error", equalTo("aws_access_denied"))
        .body("message", containsString("logs:FilterLogEvents"));
  }

  @Test
  void aParameterAwsRefusesIs400WithoutAwsText() {
    String group = "/ew-fault/" + Moto.unique() + "/invalid";
    recorder.fail("DescribeLogStreams", "InvalidParameterException", 400);
    getAsAdmin("/api/log/groups/" + encode(group) + "/streams")
        .statusCode(400)
        .body("error", equalTo("bad_request"))
        .body("message", containsString("logs:DescribeLogStreams"))
        .body("message", not(containsString("injected")));
  }

  @Test
  void anUnreachableAwsIs503WithRetryAfter() {
    recorder.unreachable("DescribeInstances");
    instancesOfANewVpc()
        .statusCode(503)
        .header("Retry-After", equalTo("2"))
        .body("error", equalTo("aws_unreachable"))
        .body("message", containsString("ec2:DescribeInstances"))
        .body("message", not(containsString("injected")));
  }

  @Test
  void anAccessDeniedIsNotKeptTheNextRequestSucceeds() {
    String prefix = "/ew-fault/" + Moto.unique() + "/";
    try (CloudWatchLogsClient logs = Moto.logs()) {
      logs.createLogGroup(r -> r.logGroupName(prefix + "recovered"));
    }
    recorder.fail("DescribeLogGroups", "AccessDeniedException", 400);
    groupsAsAdmin(prefix).statusCode(502);
    recorder.clear();
    groupsAsAdmin(prefix)
        .statusCode(200)
        .body("logGroups.logGroupName", org.hamcrest.Matchers.contains(prefix + "recovered"));
  }

  @Test
  void aRetryBeforeRetryAfterIsAnsweredWithoutCallingAwsAgain() {
    String prefix = "/ew-fault/" + Moto.unique() + "/";
    recorder.fail("DescribeLogGroups", "ThrottlingException", 400);
    groupsAsAdmin(prefix).statusCode(503);
    recorder.clear();
    int calls = recorder.calls("DescribeLogGroups");
    Api.as(Tokens.viewer("*"))
        .queryParam("prefix", prefix)
        .get("/api/log/groups")
        .then()
        .statusCode(503)
        .header("Retry-After", equalTo("2"))
        .body("error", equalTo("aws_throttled"));
    assertThat(recorder.calls("DescribeLogGroups")).isEqualTo(calls);
  }

  @Test
  void aBurstOfIdenticalGroupRequestsMakesOneAwsCall() throws Exception {
    String prefix = "/ew-burst/" + Moto.unique() + "/";
    try (CloudWatchLogsClient logs = Moto.logs()) {
      logs.createLogGroup(r -> r.logGroupName(prefix + "one"));
    }
    // Slow enough that the whole burst arrives while the first call is still in flight.
    recorder.slow("DescribeLogGroups", Duration.ofMillis(500));
    int before = recorder.calls("DescribeLogGroups");
    List<HttpResponse<String>> answers =
        burst("api/log/groups?prefix=" + encode(prefix), Tokens.admin());
    assertThat(recorder.calls("DescribeLogGroups") - before).isEqualTo(1);
    assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(200));
    Set<String> bodies = new HashSet<>();
    answers.forEach(a -> bodies.add(a.body()));
    assertThat(bodies).hasSize(1);
    assertThat(bodies.iterator().next()).contains(prefix + "one");
  }

  @Test
  void aBurstOfIdenticalInventoryRequestsMakesOneAwsCall() throws Exception {
    recorder.slow("DescribeInstances", Duration.ofMillis(500));
    int before = recorder.calls("DescribeInstances");
    List<HttpResponse<String>> answers = burst("api/ec2?vpc=vpc-" + Moto.unique(), Tokens.viewer());
    assertThat(recorder.calls("DescribeInstances") - before).isEqualTo(1);
    assertThat(answers)
        .allSatisfy(
            a -> {
              assertThat(a.statusCode()).isEqualTo(200);
              assertThat(a.body()).isEqualTo("{\"instances\":[]}");
            });
  }

  private List<HttpResponse<String>> burst(String path, String token) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(60))
            .build();
    List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
    for (int i = 0; i < BURST; i++) {
      pending.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    }
    List<HttpResponse<String>> answers = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> answer : pending) {
      answers.add(answer.get());
    }
    return answers;
  }

  /** A viewer's GET /api/ec2?vpc= of a VPC no other test names, so no cache answers it. */
  private static ValidatableResponse instancesOfANewVpc() {
    return Api.as(Tokens.viewer()).queryParam("vpc", "vpc-" + Moto.unique()).get("/api/ec2").then();
  }

  /** An admin's GET /api/log/groups?prefix=…, ready for assertions. */
  private static ValidatableResponse groupsAsAdmin(String prefix) {
    return Api.as(Tokens.admin()).queryParam("prefix", prefix).get("/api/log/groups").then();
  }

  /** An admin's GET of {@code path}, whose segments are already encoded. */
  private static ValidatableResponse getAsAdmin(String path) {
    return Api.getEncoded(Tokens.admin(), path).then();
  }
}
