package io.etherwatch.inventory.rest;

import static io.etherwatch.inventory.rest.Api.encode;
import static org.assertj.core.api.Assertions.assertThat;
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
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/**
 * Log routes against moto, five groups or streams per page: seven readable groups and two secret
 * ones, seven streams whose names hold {@code /}, events in two streams.
 */
@QuarkusTest
@WithTestResource(MotoResource.class)
@WithTestResource(JwtResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogRoutesTest {
  private static final int APP_GROUPS = 7;
  private static final int STREAMS = 7;

  private final String root = "/ew-it/" + Moto.unique() + "/";
  private final List<String> appGroups = new ArrayList<>();
  private final List<String> secretGroups = new ArrayList<>();
  private final List<String> streams = new ArrayList<>();
  private String group;
  private long t0;

  @BeforeAll
  void seed() {
    try (CloudWatchLogsClient logs = Moto.logs()) {
      for (int i = 0; i < APP_GROUPS; i++) {
        String name = root + "app/g" + i;
        logs.createLogGroup(r -> r.logGroupName(name));
        appGroups.add(name);
      }
      for (int i = 0; i < 2; i++) {
        String name = root + "secret/s" + i;
        logs.createLogGroup(r -> r.logGroupName(name));
        secretGroups.add(name);
      }
      group = appGroups.get(0);
      for (int i = 0; i < STREAMS; i++) {
        String stream = "host/i-" + i + "/tcp-in";
        logs.createLogStream(r -> r.logGroupName(group).logStreamName(stream));
        streams.add(stream);
      }
      t0 = System.currentTimeMillis() - 60_000;
      for (int s = 0; s < 2; s++) {
        String stream = streams.get(s);
        List<InputLogEvent> events = new ArrayList<>();
        for (int e = 0; e < 5; e++) {
          events.add(
              InputLogEvent.builder()
                  .timestamp(t0 + e * 1000L + s * 100L)
                  .message((e % 2 == 0 ? "ERROR " : "INFO ") + "stream " + s + " event " + e)
                  .build());
        }
        logs.putLogEvents(r -> r.logGroupName(group).logStreamName(stream).logEvents(events));
      }
    }
  }

  @Test
  void aViewerPagesThroughOnlyTheGroupsItsLgAllows() {
    List<Integer> pageSizes = new ArrayList<>();
    List<String> seen =
        pageThrough(
            "logGroups.logGroupName",
            token ->
                appViewer()
                    .queryParam("prefix", root)
                    .queryParam("nextToken", token)
                    .get("/api/log/groups"),
            pageSizes);
    assertThat(seen).containsExactlyInAnyOrderElementsOf(appGroups).doesNotHaveDuplicates();
    assertThat(pageSizes).hasSizeGreaterThan(1);
  }

  @Test
  void aViewerWithoutPrefixIsAskedForOnlyTheGroupsItsPatternsCanMatch() {
    List<Integer> pageSizes = new ArrayList<>();
    List<String> seen =
        pageThrough(
            "logGroups.logGroupName",
            token -> appViewer().queryParam("nextToken", token).get("/api/log/groups"),
            pageSizes);
    assertThat(seen).containsExactlyInAnyOrderElementsOf(appGroups);
    // Seven groups, five a page: AWS was asked for root + "app/" only, not for every group.
    assertThat(pageSizes).containsExactly(5, 2);
  }

  @Test
  void aPrefixOutsideTheTokensPatternsAnswersNoGroup() {
    appViewer()
        .queryParam("prefix", root + "secret/")
        .get("/api/log/groups")
        .then()
        .statusCode(200)
        .body("logGroups.size()", equalTo(0))
        .body("nextToken", org.hamcrest.Matchers.nullValue());
  }

  @Test
  void anAdminWithEveryGroupSeesThemAll() {
    List<String> seen =
        pageThrough(
            "logGroups.logGroupName",
            token ->
                Api.as(Tokens.admin())
                    .queryParam("prefix", root)
                    .queryParam("nextToken", token)
                    .get("/api/log/groups"),
            new ArrayList<>());
    List<String> all = new ArrayList<>(appGroups);
    all.addAll(secretGroups);
    assertThat(seen).containsExactlyInAnyOrderElementsOf(all).doesNotHaveDuplicates();
  }

  @Test
  void aTokenWithoutLgSeesNoGroup() {
    Api.as(Tokens.viewer())
        .queryParam("prefix", root)
        .get("/api/log/groups")
        .then()
        .statusCode(200)
        .body("logGroups.size()", equalTo(0));
  }

  @Test
  void groupsCarryTheirArnAndCreationTime() {
    JsonPath body =
        Api.as(Tokens.admin())
            .queryParam("prefix", root + "secret/s1")
            .get("/api/log/groups")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(body.getString("logGroups[0].arn")).contains(root + "secret/s1");
    assertThat(body.getLong("logGroups[0].creationTime")).isPositive();
    assertThat(body.getString("nextToken")).isNull();
  }

  @Test
  void streamsOfAGroupNamedWithSlashesPageThroughUrlEncoding() {
    List<Integer> pageSizes = new ArrayList<>();
    List<String> seen =
        pageThrough(
            "logStreams.logStreamName",
            token -> ofGroup("/streams" + (token == null ? "" : "?nextToken=" + encode(token))),
            pageSizes);
    assertThat(seen).containsExactlyElementsOf(streams);
    assertThat(pageSizes).containsExactly(5, 2);
  }

  @Test
  void streamsOrderedByLastEventTimeComeNewestFirst() {
    JsonPath body =
        ofGroup("/streams?orderBy=LastEventTime").then().statusCode(200).extract().jsonPath();
    assertThat(body.getList("logStreams.logStreamName").subList(0, 2))
        .containsExactly(streams.get(1), streams.get(0));
    assertThat(body.getLong("logStreams[0].lastEventTimestamp")).isEqualTo(t0 + 4100);
    assertThat(body.getLong("logStreams[0].firstEventTimestamp")).isEqualTo(t0 + 100);
  }

  @Test
  void streamsByPrefix() {
    ofGroup("/streams?prefix=" + encode("host/i-3/"))
        .then()
        .statusCode(200)
        .body("logStreams.logStreamName", org.hamcrest.Matchers.contains(streams.get(3)));
  }

  @Test
  void the2016PostFormAnswersTheFirstPage() {
    String posted =
        postStreams(Tokens.viewer(root + "app/*"), "application/json", groupNameBody(group))
            .then()
            .statusCode(200)
            .extract()
            .asString();
    String got = ofGroup("/streams").then().statusCode(200).extract().asString();
    assertThat(posted).isEqualTo(got);
    assertThat(new JsonPath(posted).getList("logStreams")).hasSize(5);
  }

  @Test
  void searchesHistoryAcrossStreamsInTimeOrderThroughPages() {
    List<Integer> pageSizes = new ArrayList<>();
    List<String> messages =
        pageThrough(
            "events.message",
            token ->
                ofGroup(
                    "/events?filterPattern=ERROR&limit=2&start="
                        + t0
                        + "&end="
                        + (t0 + 10_000)
                        + (token == null ? "" : "&nextToken=" + encode(token))),
            pageSizes);
    assertThat(messages)
        .containsExactly(
            "ERROR stream 0 event 0",
            "ERROR stream 1 event 0",
            "ERROR stream 0 event 2",
            "ERROR stream 1 event 2",
            "ERROR stream 0 event 4",
            "ERROR stream 1 event 4");
    assertThat(pageSizes.size()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void searchedEventsHaveTheLiveEventShape() {
    JsonPath body =
        ofGroup("/events?streams=" + encode(streams.get(1)) + "&start=" + t0)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(body.getList("events")).hasSize(5);
    assertThat(body.getString("events[0].eventId")).isNotBlank();
    assertThat(body.getString("events[0].logGroupName")).isEqualTo(group);
    assertThat(body.getString("events[0].logStreamName")).isEqualTo(streams.get(1));
    assertThat(body.getLong("events[0].timestamp")).isEqualTo(t0 + 100);
    assertThat(body.getLong("events[0].ingestionTime")).isPositive();
    assertThat(body.getString("events[0].message")).isEqualTo("ERROR stream 1 event 0");
  }

  @Test
  void everyRouteNamingAForbiddenGroupIs403() {
    String secret = secretGroups.get(0);
    String token = Tokens.viewer(root + "app/*");
    for (String path : List.of("/streams", "/events")) {
      Api.getEncoded(token, "/api/log/groups/" + encode(secret) + path)
          .then()
          .statusCode(403)
          .body("error", equalTo("forbidden"))
          .body("message", containsString(secret));
    }
    postStreams(token, "application/json", groupNameBody(secret))
        .then()
        .statusCode(403)
        .body("error", equalTo("forbidden"));
  }

  @Test
  void anUnknownAllowedGroupIs404() {
    Api.getEncoded(
            Tokens.viewer(root + "app/*"),
            "/api/log/groups/" + encode(root + "app/missing") + "/streams")
        .then()
        .statusCode(404)
        .body("error", equalTo("not_found"))
        .body("message", containsString(root + "app/missing"));
  }

  /** Stream and search parameters of the wrong kind, on a group the token may read. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "/streams?orderBy=Size | orderBy 'Size'",
        "/events?start=2000&end=1000 | start must not be after end",
        "/events?limit=0 | 1 to 10000",
        "/events?limit=ten | limit 'ten' is not a number",
      })
  void aStreamOrSearchParameterOfTheWrongKindIs400SayingWhich(String tail, String says) {
    Api.badRequest(ofGroup(tail)).body("message", containsString(says));
  }

  /** 2016 bodies the route refuses: no groupName, malformed JSON, another media type. */
  static Stream<Arguments> refused2016Bodies() {
    return Stream.of(
        Arguments.of("application/json", "{}", 400, "bad_request", "log group name is required"),
        Arguments.of("application/json", "{\"groupName\":", 400, "bad_request", ""),
        Arguments.of("text/plain", "groupName=x", 415, "unsupported_media_type", ""));
  }

  @ParameterizedTest(name = "{0} {1} is {2}")
  @MethodSource("refused2016Bodies")
  void aRefused2016PostFormSaysWhy(
      String contentType, String body, int status, String error, String says) {
    ValidatableResponse answer =
        postStreams(Tokens.admin(), contentType, body)
            .then()
            .statusCode(status)
            .body("error", equalTo(error));
    if (!says.isEmpty()) {
      answer.body("message", containsString(says));
    }
  }

  /** A request as a viewer whose lg allows the readable groups only. */
  private RequestSpecification appViewer() {
    return Api.as(Tokens.viewer(root + "app/*"));
  }

  /** An app viewer's GET of {@code /api/log/groups/{group}} + {@code tail} (already encoded). */
  private Response ofGroup(String tail) {
    return Api.getEncoded(Tokens.viewer(root + "app/*"), "/api/log/groups/" + encode(group) + tail);
  }

  private static String groupNameBody(String groupName) {
    return "{\"groupName\":\"" + groupName + "\"}";
  }

  private static Response postStreams(String token, String contentType, String body) {
    return Api.as(token).contentType(contentType).body(body).post("/api/log/streams");
  }

  /** Follows nextToken to the end, collecting {@code path} of every page and each page's size. */
  private static List<String> pageThrough(
      String path, Function<String, Response> page, List<Integer> pageSizes) {
    List<String> seen = new ArrayList<>();
    String token = null;
    do {
      JsonPath body = page.apply(token).then().statusCode(200).extract().jsonPath();
      List<String> items = body.getList(path);
      seen.addAll(items);
      pageSizes.add(items.size());
      token = body.getString("nextToken");
      assertThat(pageSizes.size()).as("pages").isLessThan(20);
    } while (token != null);
    return seen;
  }
}
