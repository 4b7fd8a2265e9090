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
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;

/**
 * Every name CloudWatch Logs allows is addressable on every route (groups {@code .}, {@code ..},
 * names with {@code /}, {@code #}; streams with {@code ,}, {@code %}, spaces, {@code +}, unicode),
 * names it refuses are a 400, and a nextToken this service did not give is a 400, not an empty last
 * page. Against moto; one event per stream whose message is the stream's name.
 */
@QuarkusTest
@WithTestResource(MotoResource.class)
@WithTestResource(JwtResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogNamesTest {
  private final String run = Moto.unique();
  private final List<String> groups =
      List.of(
          "..",
          ".",
          "/ew-names/" + run + "/..",
          "/ew-names/" + run + "/a#b_c-d.e",
          "ew-names." + run);

  /** Stream names legal in CloudWatch that URLs and lists handle specially. */
  private final List<String> streams =
      List.of(
          "a",
          "b",
          "a,b",
          "with space " + run,
          "100% " + run,
          "a+b " + run,
          "x/y/" + run,
          "#hash?&=" + run,
          " lead and trail ",
          "ünïcødé ✓ " + run);

  private long t0;

  @BeforeAll
  void seed() {
    t0 = System.currentTimeMillis() - 60_000;
    try (CloudWatchLogsClient logs = Moto.logs()) {
      for (String group : groups) {
        try {
          logs.createLogGroup(r -> r.logGroupName(group));
        } catch (ResourceAlreadyExistsException e) {
          // "." and ".." are shared by every test class of the JVM.
        }
        for (String stream : streams) {
          String name = group.startsWith(".") ? stream + "~" + run : stream;
          logs.createLogStream(r -> r.logGroupName(group).logStreamName(name));
          logs.putLogEvents(
              r ->
                  r.logGroupName(group)
                      .logStreamName(name)
                      .logEvents(InputLogEvent.builder().timestamp(t0).message(name).build()));
        }
      }
    }
  }

  /** Streams of the shared dot groups get this run's suffix ("~": moto's tokens split on "@"). */
  private String streamIn(String group, String stream) {
    return group.startsWith(".") ? stream + "~" + run : stream;
  }

  @Test
  void aStreamNameWithACommaSelectsThatStreamOnly() {
    String group = groups.get(4);
    JsonPath body =
        get("/api/log/groups/" + encode(group) + "/events?streams=a%2Cb")
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(body.getList("events.logStreamName")).containsExactly("a,b");
  }

  @Test
  void repeatedStreamsParametersSelectSeveralStreams() {
    String group = groups.get(4);
    JsonPath body =
        get("/api/log/groups/" + encode(group) + "/events?streams=a&streams=b")
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(body.getList("events.logStreamName")).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void everyStreamOfEveryGroupIsReachableByPathAndByQuery() {
    for (String group : groups) {
      for (String stream : streams) {
        String name = streamIn(group, stream);
        String query = "streams=" + encode(name) + "&start=" + t0;
        List<String> forms = new ArrayList<>();
        forms.add("/api/log/events?group=" + encode(group) + "&" + query);
        if (!group.equals(".") && !group.equals("..")) {
          forms.add("/api/log/groups/" + encode(group) + "/events?" + query);
        }
        for (String path : forms) {
          JsonPath body = get(path).statusCode(200).extract().jsonPath();
          assertThat(body.getList("events.message")).as(path).containsExactly(name);
          assertThat(body.getList("events.logGroupName")).as(path).containsExactly(group);
        }
      }
    }
  }

  @Test
  void everyGroupListsItsStreamsByPathByQueryAndByTheBodyForm() {
    for (String group : groups) {
      List<String> expected = streams.stream().map(s -> streamIn(group, s)).toList();
      List<String> viaQuery = allStreams("/api/log/streams?group=" + encode(group));
      assertThat(viaQuery).as(group).containsAll(expected);
      if (!group.startsWith(".")) {
        assertThat(allStreams("/api/log/groups/" + encode(group) + "/streams"))
            .as(group)
            .containsExactlyElementsOf(viaQuery);
      }
      Api.as(Tokens.admin())
          .contentType("application/json")
          .body("{\"groupName\":\"" + group + "\"}")
          .post("/api/log/streams")
          .then()
          .statusCode(200)
          .body("logStreams.size()", equalTo(5));
    }
  }

  @Test
  void theGroupDotDotInAPathIsNormalisedAwayAndSaysToUseTheQueryForm() {
    get("/api/log/groups/%2E%2E/streams")
        .statusCode(400)
        .body("error", equalTo("bad_request"))
        .body("message", containsString("?group="));
  }

  @Test
  void anEncodedDotGroupIsListedWithTheOthers() {
    JsonPath body =
        Api.as(Tokens.admin())
            .queryParam("prefix", ".")
            .get("/api/log/groups")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(body.getList("logGroups.logGroupName")).contains(".", "..");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "with space",
        "ünï",
        "a:b",
        "a*b",
        "tab\there",
        "%2E",
        "{curly}",
      })
  void aGroupNameCloudWatchRefusesIs400(String name) {
    for (String path :
        List.of(
            "/api/log/streams?group=" + encode(name),
            "/api/log/events?group=" + encode(name),
            "/api/log/groups/" + encode(name) + "/streams",
            "/api/log/groups/" + encode(name) + "/events")) {
      get(path)
          .statusCode(400)
          .body("error", equalTo("bad_request"))
          .body("message", containsString("not a CloudWatch log group name"));
    }
  }

  @Test
  void anOverlongGroupNameIs400() {
    get("/api/log/streams?group=" + "g".repeat(513))
        .statusCode(400)
        .body("error", equalTo("bad_request"))
        .body("message", containsString("at most 512"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a:b", "a*b", ":", "*"})
  void aStreamNameCloudWatchRefusesIs400(String name) {
    get("/api/log/events?group=" + encode(groups.get(4)) + "&streams=" + encode(name))
        .statusCode(400)
        .body("error", equalTo("bad_request"))
        .body("message", containsString("not a CloudWatch log stream name"));
  }

  @Test
  void anOverlongStreamNameOrTooManyStreamsIs400() {
    String group = "/api/log/events?group=" + encode(groups.get(4));
    get(group + "&streams=" + "s".repeat(513))
        .statusCode(400)
        .body("message", containsString("at most 512"));
    StringBuilder many = new StringBuilder(group);
    for (int i = 0; i < 101; i++) {
      many.append("&streams=s").append(i);
    }
    get(many.toString()).statusCode(400).body("message", containsString("at most 100"));
  }

  @Test
  void anOverlongFilterPatternIs400() {
    get("/api/log/events?group=" + encode(groups.get(4)) + "&filterPattern=" + "x".repeat(1025))
        .statusCode(400)
        .body("message", containsString("at most 1024"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"garbage", "v1.", "v1.Zm9v.AAAA", "v1.!!.!!", "%00", "v1.Zm9v"})
  void aNextTokenThisServiceDidNotGiveIs400OnEveryRoute(String token) {
    String group = encode(groups.get(4));
    String t = "nextToken=" + encode(token);
    for (String path :
        List.of(
            "/api/log/groups?" + t,
            "/api/log/groups?prefix=ew-names.&" + t,
            "/api/log/groups/" + group + "/streams?" + t,
            "/api/log/streams?group=" + group + "&" + t,
            "/api/log/groups/" + group + "/events?" + t,
            "/api/log/events?group=" + group + "&" + t)) {
      get(path)
          .statusCode(400)
          .body("error", equalTo("bad_request"))
          .body("message", containsString("nextToken"));
    }
    Api.as(Tokens.admin())
        .contentType("application/json")
        .body("{\"groupName\":\"" + groups.get(4) + "\",\"nextToken\":\"" + token + "\"}")
        .post("/api/log/streams")
        .then()
        .statusCode(400)
        .body("error", equalTo("bad_request"));
  }

  @Test
  void aNextTokenIs400EvenWhenTheTokensPatternsMatchNoGroup() {
    Api.as(Tokens.viewer("nothing-here/*"))
        .queryParam("prefix", "elsewhere/")
        .queryParam("nextToken", "garbage")
        .get("/api/log/groups")
        .then()
        .statusCode(400)
        .body("error", equalTo("bad_request"));
  }

  @Test
  void aNextTokenOfAnotherGroupOrQueryIs400() {
    String token =
        get("/api/log/groups/" + encode(groups.get(3)) + "/streams")
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("nextToken");
    assertThat(token).isNotNull();
    get("/api/log/groups/" + encode(groups.get(3)) + "/streams?nextToken=" + encode(token))
        .statusCode(200);
    get("/api/log/groups/" + encode(groups.get(4)) + "/streams?nextToken=" + encode(token))
        .statusCode(400)
        .body("message", containsString("nextToken"));
    get("/api/log/groups/"
            + encode(groups.get(3))
            + "/streams?orderBy=LastEventTime&nextToken="
            + encode(token))
        .statusCode(400);
    get("/api/log/groups?nextToken=" + encode(token)).statusCode(400);
  }

  private List<String> allStreams(String path) {
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String next =
          token == null ? "" : (path.contains("?") ? "&" : "?") + "nextToken=" + encode(token);
      JsonPath body = get(path + next).statusCode(200).extract().jsonPath();
      seen.addAll(body.getList("logStreams.logStreamName"));
      token = body.getString("nextToken");
      assertThat(++pages).isLessThan(20);
    } while (token != null);
    return seen;
  }

  /** An admin's GET of {@code path}, whose parts are already encoded. */
  private static ValidatableResponse get(String path) {
    return Api.as(Tokens.admin()).urlEncodingEnabled(false).get(path).then();
  }
}
