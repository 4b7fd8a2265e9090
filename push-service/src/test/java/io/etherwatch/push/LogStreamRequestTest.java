package io.etherwatch.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.etherwatch.push.client.LogCatalog;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LogStreamRequestTest extends PushTestBase {

  @Test
  void repliesNotFoundForUnknownGroupOrStream() {
    LogFixture fixture = LogFixture.create("req-notfound", 1, "s1");
    try (WsClient client = WsClient.withToken(ws(), token("/etherwatch/test/*"))) {
      JsonObject group = client.request(request("/etherwatch/test/no-such-group"));
      assertThat(group.getBoolean("success")).isFalse();
      assertThat(group.getString("error")).isEqualTo("not_found");
      JsonObject stream = client.request(request(fixture.group, "s1", "no-such-stream"));
      assertThat(stream.getString("error")).isEqualTo("not_found");
      assertThat(stream.getString("message")).contains("no-such-stream");
    }
  }

  @Test
  void repliesForbiddenForGroupOutsideLgClaim() {
    LogFixture fixture = LogFixture.create("req-forbidden", 1, "s1");
    try (WsClient client = WsClient.withToken(ws(), token("/etherwatch/other/*"))) {
      JsonObject reply = client.request(request(fixture.group));
      assertThat(reply.getBoolean("success")).isFalse();
      assertThat(reply.getString("error")).isEqualTo("forbidden");
    }
  }

  @Test
  void repliesBadRequestForMissingGroupBadFilterOrBadCursor() {
    LogFixture fixture = LogFixture.create("req-bad", 1, "s1");
    try (WsClient client = WsClient.withToken(ws(), token("/etherwatch/test/*"))) {
      JsonObject noGroup = client.request(request(fixture.group).put("logGroupName", null));
      assertThat(noGroup.getString("error")).isEqualTo("bad_request");
      JsonObject jsonFilter =
          client.request(request(fixture.group).put("filterPattern", "{ $.level = \"ERROR\" }"));
      assertThat(jsonFilter.getString("error")).isEqualTo("bad_request");
      JsonObject badCursor = client.request(request(fixture.group).put("resume", "!!not-a-cursor"));
      assertThat(badCursor.getString("error")).isEqualTo("bad_request");
      JsonObject badSince = client.request(request(fixture.group).put("since", "yesterday"));
      assertThat(badSince.getString("error")).isEqualTo("bad_request");
    }
  }

  @Test
  void repliesLimitPastTwentySubscriptions() {
    LogFixture fixture = LogFixture.create("req-limit", 1, "s1");
    try (WsClient client = WsClient.withToken(ws(), token("/etherwatch/test/*"))) {
      for (int i = 0; i < 20; i++) {
        client.subscribe(request(fixture.group).put("filterPattern", "term" + i));
      }
      JsonObject reply = client.request(request(fixture.group).put("filterPattern", "term20"));
      assertThat(reply.getBoolean("success")).isFalse();
      assertThat(reply.getString("error")).isEqualTo("limit");
    }
  }

  @Test
  void deliversToTwoSubscriptionsOnOneConnection() {
    LogFixture a = LogFixture.create("req-two-a", 1, "s1");
    LogFixture b = LogFixture.create("req-two-b", 1, "s1");
    try (WsClient client = WsClient.withToken(ws(), token("/etherwatch/test/*"))) {
      String subA = client.subscribe(request(a.group));
      String subB = client.subscribe(request(b.group));
      assertThat(subA).isNotEqualTo(subB);
      a.produce(List.of(a.event("s1", "to a")));
      b.produce(List.of(b.event("s1", "to b")));
      assertThat(messages(events(client, subA, 1))).containsExactly("to a");
      assertThat(messages(events(client, subB, 1))).containsExactly("to b");
    }
  }

  @Test
  void askingTwiceGivesTheSameSubscriptionAndDeliversOnce() {
    LogFixture fixture = LogFixture.create("req-twice", 1, "s1");
    try (WsClient client = WsClient.withToken(ws(), token("/etherwatch/test/*"))) {
      String first = client.subscribe(request(fixture.group, "s1"));
      String second = client.subscribe(request(fixture.group, "s1"));
      assertThat(second).isEqualTo(first);
      fixture.produce(List.of(fixture.event("s1", "one"), fixture.event("s1", "two")));
      assertThat(messages(events(client, first, 2))).containsExactly("one", "two");
      fixture.produce(List.of(fixture.event("s1", "marker")));
      JsonObject next = client.next("LOG_EVENTS");
      assertThat(messages(List.of(next.getJsonArray("events").getJsonObject(0))))
          .containsExactly("marker");
      assertThat(next.getJsonArray("events")).hasSize(1);
    }
  }

  @Test
  void stopEndsDeliveryWithStopped() {
    LogFixture fixture = LogFixture.create("req-stop", 1, "s1");
    try (WsClient client = WsClient.withToken(ws(), token("/etherwatch/test/*"))) {
      String old = client.subscribe(request(fixture.group));
      client.send(new JsonObject().put("type", "LOG_STREAM_STOP").put("subscriptionId", old));
      JsonObject stopped = client.next();
      assertThat(stopped.encode())
          .isEqualTo("{\"type\":\"STOPPED\",\"subscriptionId\":\"" + old + "\"}");
      fixture.produce(List.of(fixture.event("s1", "after stop")));
      String fresh = client.subscribe(request(fixture.group, "s1"));
      fixture.produce(List.of(fixture.event("s1", "for the new one")));
      // The new subscription starts at the live reader's position, which may be before "after
      // stop"; the stopped one gets nothing either way.
      List<JsonObject> seen = new ArrayList<>();
      List<String> fresher = new ArrayList<>();
      while (!fresher.contains("for the new one")) {
        JsonObject frame = client.next("LOG_EVENTS");
        seen.add(frame);
        frame
            .getJsonArray("events")
            .forEach(e -> fresher.add(((JsonObject) e).getString("message")));
      }
      assertThat(seen).allMatch(f -> fresh.equals(f.getString("subscriptionId")));
      assertThat(fresher).endsWith("for the new one");
    }
  }

  @Test
  void malformedFramesGetErrorAndConnectionStaysOpen() {
    LogFixture fixture = LogFixture.create("req-malformed", 1, "s1");
    try (WsClient client = WsClient.withToken(ws(), token("/etherwatch/test/*"))) {
      client.sendRaw("this is not json");
      assertThat(client.next().getString("error")).isEqualTo("malformed");
      client.sendRaw("[1,2]");
      assertThat(client.next().getString("error")).isEqualTo("malformed");
      client.sendRaw("{\"type\":\"NO_SUCH_TYPE\"}");
      JsonObject unknown = client.next();
      assertThat(unknown.fieldNames().iterator().next()).isEqualTo("type");
      assertThat(unknown.getString("type")).isEqualTo("ERROR");
      assertThat(unknown.getString("error")).isEqualTo("unknown_type");
      client.sendRaw("{\"requestId\":\"r1\"}");
      assertThat(client.next().getString("error")).isEqualTo("bad_request");
      client.sendRaw("{\"type\":\"LOG_STREAM_REQUEST\",\"logGroupName\":\"x\"}");
      assertThat(client.next().getString("error")).isEqualTo("bad_request");
      client.sendRaw("{\"type\":\"LOG_STREAM_STOP\"}");
      assertThat(client.next().getString("error")).isEqualTo("bad_request");
      String sub = client.subscribe(request(fixture.group));
      fixture.produce(List.of(fixture.event("s1", "still open")));
      assertThat(messages(events(client, sub, 1))).containsExactly("still open");
    }
  }

  @Test
  void closesWith1009OnFrameLargerThan64KiB() {
    try (WsClient client = WsClient.withToken(ws(), token("/etherwatch/test/*"))) {
      String big =
          new JsonObject()
              .put("type", "LOG_STREAM_REQUEST")
              .put("requestId", "x".repeat(100 * 1024))
              .encode();
      client.sendRaw(big);
      assertThat(client.closeCode()).isEqualTo(1009);
    }
  }

  private static double describeStreamsCalls() {
    return metric("etherwatch_push_aws_calls_total", "operation", "DescribeLogStreams");
  }

  @Test
  void requestNamingMoreStreamsThanTheCapIsRefusedWithoutAwsCalls() {
    LogFixture fixture = LogFixture.create("req-cap", 1, "s1");
    String[] names = IntStream.range(0, 5_000).mapToObj(i -> "n" + i).toArray(String[]::new);
    try (WsClient client = WsClient.withToken(ws(), token("/etherwatch/test/*"))) {
      double before = describeStreamsCalls();
      JsonObject reply = client.request(request(fixture.group, names));
      assertThat(reply.getBoolean("success")).isFalse();
      assertThat(reply.getString("error")).isEqualTo("limit");
      JsonObject justOver =
          client.request(
              request(fixture.group, Arrays.copyOf(names, LogCatalog.MAX_STREAM_NAMES + 1)));
      assertThat(justOver.getString("error")).isEqualTo("limit");
      assertThat(describeStreamsCalls() - before).isZero();
    }
  }

  @Test
  void existenceCheckStopsAtTheFirstMissingStreamAndRemembersTheOthers() {
    String[] streams =
        IntStream.range(0, LogCatalog.MAX_STREAM_NAMES)
            .mapToObj(i -> "s" + i)
            .toArray(String[]::new);
    LogFixture fixture = LogFixture.create("req-calls", 1, streams);
    try (WsClient client = WsClient.withToken(ws(), token("/etherwatch/test/*"))) {
      double before = describeStreamsCalls();
      JsonObject all = client.request(request(fixture.group, streams));
      assertThat(all.getBoolean("success")).as(all.encode()).isTrue();
      assertThat(describeStreamsCalls() - before).isEqualTo(LogCatalog.MAX_STREAM_NAMES);

      String[] missingFirst = streams.clone();
      missingFirst[0] = "no-such-stream";
      double again = describeStreamsCalls();
      JsonObject missing = client.request(request(fixture.group, missingFirst));
      assertThat(missing.getString("error")).isEqualTo("not_found");
      assertThat(missing.getString("message")).contains("no-such-stream");
      assertThat(describeStreamsCalls() - again).isEqualTo(1);

      double cached = describeStreamsCalls();
      client.request(request(fixture.group, Arrays.copyOf(streams, 50)));
      assertThat(describeStreamsCalls() - cached).isZero();
    }
  }
}
