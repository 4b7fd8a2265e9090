package io.etherwatch.push;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.etherwatch.testsupport.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the WebSocket tests share: the endpoint address, tokens and frame builders. */
abstract class PushTestBase {
  @TestHTTPResource("/")
  URL root;

  URI ws() {
    return URI.create("ws://127.0.0.1:" + root.getPort() + "/ws");
  }

  URI http(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + root.getPort() + pathAndQuery);
  }

  static String token(String... logGroupPatterns) {
    return TestTokens.token("alice", Set.of("viewer"), List.of(logGroupPatterns));
  }

  static JsonObject request(String group, String... streams) {
    return new JsonObject()
        .put("requestId", UUID.randomUUID().toString())
        .put("logGroupName", group)
        .put("logStreamNames", new JsonArray(List.of((Object[]) streams)));
  }

  /** Reads LOG_EVENTS frames of {@code subscriptionId} until {@code count} events came. */
  static List<JsonObject> events(WsClient client, String subscriptionId, int count) {
    List<JsonObject> events = new ArrayList<>();
    while (events.size() < count) {
      JsonObject frame =
          client.next(
              f ->
                  "LOG_EVENTS".equals(f.getString("type"))
                      && subscriptionId.equals(f.getString("subscriptionId")));
      frame.getJsonArray("events").forEach(e -> events.add((JsonObject) e));
    }
    return events;
  }

  /** The value of {@code name} (its first series) in the Prometheus text {@code metrics}. */
  static double metric(String metrics, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.E+-]+)$").matcher(metrics);
    assertThat(m.find()).as(name + " in /q/metrics").isTrue();
    return Double.parseDouble(m.group(2));
  }

  /** The series of {@code name} with {@code label="value"} on /q/metrics now; 0 when absent. */
  static double metric(String name, String label, String value) {
    Matcher m =
        Pattern.compile(
                "(?m)^"
                    + name
                    + "\\{[^}]*"
                    + label
                    + "=\""
                    + Pattern.quote(value)
                    + "\"[^}]*\\} ([0-9.E+-]+)$")
            .matcher(given().get("/q/metrics").asString());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  /** The value of {@code name} on /q/metrics now. */
  static double metric(String name) {
    return metric(given().get("/q/metrics").asString(), name);
  }

  /** The events of one LOG_EVENTS frame. */
  static List<JsonObject> eventsOf(JsonObject frame) {
    return frame.getJsonArray("events").stream().map(e -> (JsonObject) e).toList();
  }

  /** The leading number of each event's message ({@code "<n> …"}), in order. */
  static List<Integer> numbers(List<JsonObject> events) {
    return events.stream()
        .map(e -> Integer.parseInt(e.getString("message").split(" ")[0]))
        .toList();
  }

  /** Two subscribers of one group on this replica: one that has stopped reading, one normal. */
  record SlowAndNormal(WsClient slow, String slowSub, WsClient normal, String normalSub)
      implements AutoCloseable {
    @Override
    public void close() {
      try (normal) {
        slow.close();
      }
    }
  }

  SlowAndNormal slowAndNormal(String group) {
    WsClient slow = WsClient.withToken(ws(), token("/etherwatch/test/*"));
    WsClient normal = WsClient.withToken(ws(), token("/etherwatch/test/*"));
    String slowSub = slow.subscribe(request(group));
    String normalSub = normal.subscribe(request(group));
    slow.pause();
    return new SlowAndNormal(slow, slowSub, normal, normalSub);
  }

  static List<String> messages(List<JsonObject> events) {
    return events.stream().map(e -> e.getString("message")).toList();
  }
}
