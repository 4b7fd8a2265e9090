package io.etherwatch.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.etherwatch.logevent.LogEvent;
import io.etherwatch.push.delivery.TopicFanout;
import io.etherwatch.push.domain.Cursor;
import io.etherwatch.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * DESIGN section 6 (issue 13, section 3): one subscriber's past never becomes another's present. A
 * replay never moves the shared live reader, cursors are signed and checked against what the log
 * holds, and replays share their capacity fairly (issue 13, section 2).
 */
@QuarkusTest
class ReplayIsolationTest extends PushTestBase {
  private static final String ALL = "/etherwatch/test/*";

  @Inject TopicFanout fanout;
  @Inject Cursor cursors;

  /** Produces {@code prefix}{@code i} for i in [from, to) on stream s1, 2,000 per transaction. */
  private static void produce(LogFixture fixture, String prefix, int from, int to) {
    for (int start = from; start < to; start += 2_000) {
      List<LogEvent> events = new ArrayList<>();
      for (int i = start; i < Math.min(to, start + 2_000); i++) {
        events.add(fixture.event("s1", prefix + i));
      }
      fixture.produce(events);
    }
  }

  private static List<String> numbered(String prefix, int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> prefix + i).toList();
  }

  /** The messages of {@code sub}'s LOG_EVENTS frames among {@code frames}. */
  private static List<String> messagesOf(List<JsonObject> frames, String sub) {
    List<String> messages = new ArrayList<>();
    frames.stream()
        .filter(f -> "LOG_EVENTS".equals(f.getString("type")))
        .filter(f -> sub.equals(f.getString("subscriptionId")))
        .forEach(f -> messages.addAll(messages(eventsOf(f))));
    return messages;
  }

  private static JsonObject resume(WsClient client, LogFixture fixture, String cursor) {
    return client.request(request(fixture.group).put("resume", cursor));
  }

  private static void assertRefused(JsonObject reply, String error) {
    assertThat(reply.getBoolean("success")).as(reply.encode()).isFalse();
    assertThat(reply.getString("error")).as(reply.encode()).isEqualTo(error);
  }

  /** The cursor of the last LOG_EVENTS frame once {@code count} events of {@code sub} came. */
  private static String cursorAfter(WsClient client, String sub, int count) {
    int seen = 0;
    String cursor = null;
    while (seen < count) {
      JsonObject frame =
          client.next(
              f ->
                  "LOG_EVENTS".equals(f.getString("type"))
                      && sub.equals(f.getString("subscriptionId")));
      seen += frame.getJsonArray("events").size();
      cursor = frame.getString("cursor");
    }
    return cursor;
  }

  @Test
  void aReplayFromSinceZeroNeverReachesALaterLiveSubscriber() throws InterruptedException {
    LogFixture fixture = LogFixture.create("past-present", 1, "s1");
    produce(fixture, "old ", 0, 20_000);
    try (WsClient a = WsClient.withToken(ws(), token(ALL));
        WsClient b = WsClient.withToken(ws(), token(ALL))) {
      String subA = a.subscribe(request(fixture.group).put("since", 0));
      Thread.sleep(100);
      // A is reading the group's history now: B asks for the group live while it does.
      JsonObject firstOfA =
          a.next(
              f ->
                  "LOG_EVENTS".equals(f.getString("type"))
                      && subA.equals(f.getString("subscriptionId")));
      String subB = b.subscribe(request(fixture.group));
      produce(fixture, "new ", 0, 50);
      List<String> seenByB = messages(events(b, subB, 50));
      assertThat(seenByB).containsExactlyElementsOf(numbered("new ", 0, 50));
      List<String> seenByA = new ArrayList<>(messages(eventsOf(firstOfA)));
      seenByA.addAll(messages(events(a, subA, 20_050 - seenByA.size())));
      List<String> expected = new ArrayList<>(numbered("old ", 0, 20_000));
      expected.addAll(numbered("new ", 0, 50));
      assertThat(seenByA).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void forgedOrOutOfRangeCursorsAreRefusedAndNeverMoveTheLiveReader() {
    LogFixture target = LogFixture.create("forged", 1, "s1");
    LogFixture other = LogFixture.create("forged-other", 1, "s1");
    LogFixture elsewhere = LogFixture.create("forged-elsewhere", 1, "s1");
    String topic = target.topic;
    String otherCursor;
    String ownCursor;
    try (WsClient first = WsClient.withToken(ws(), token(ALL))) {
      String onTarget = first.subscribe(request(target.group));
      String onOther = first.subscribe(request(other.group));
      produce(target, "history ", 0, 30);
      produce(other, "o", 0, 3);
      ownCursor = cursorAfter(first, onTarget, 30);
      otherCursor = cursorAfter(first, onOther, 3);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> !fanout.readTopics().contains(topic));
    try (WsClient watcher = WsClient.withToken(ws(), token(ALL));
        WsClient attacker = WsClient.withToken(ws(), token(ALL))) {
      String watching = watcher.subscribe(request(elsewhere.group));
      String payload = ownCursor.substring(0, ownCursor.indexOf('.'));
      String signature = ownCursor.substring(ownCursor.indexOf('.') + 1);
      String farPast =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(("v2;" + topic + ":0:999999999999").getBytes(StandardCharsets.UTF_8));
      String unsignedV1 =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(("v1;" + topic + ":0:999999999999").getBytes(StandardCharsets.UTF_8));
      assertRefused(resume(attacker, target, farPast + "." + signature), "bad_request");
      assertRefused(resume(attacker, target, unsignedV1), "bad_request");
      assertRefused(
          resume(attacker, target, payload + "." + signature.substring(2)), "bad_request");
      assertRefused(resume(attacker, target, otherCursor), "bad_request");
      // Signed with this deployment's key but outside the log: past its end, or a partition
      // the topic does not have.
      String signedFar = cursors.encode(Map.of(new TopicPartition(topic, 0), 999_999_999_999L));
      JsonObject ahead = resume(attacker, target, signedFar);
      assertRefused(ahead, "bad_request");
      assertThat(ahead.getString("message")).contains("ahead of the end");
      String signedPartition = cursors.encode(Map.of(new TopicPartition(topic, 7), 0L));
      assertRefused(resume(attacker, target, signedPartition), "bad_request");
      // Nothing of the target group's history reaches a live subscriber that comes afterwards.
      String live = attacker.subscribe(request(target.group));
      produce(target, "after ", 0, 5);
      produce(elsewhere, "e", 0, 5);
      assertThat(messages(events(attacker, live, 5)))
          .containsExactlyElementsOf(numbered("after ", 0, 5));
      assertThat(messages(events(watcher, watching, 5)))
          .containsExactlyElementsOf(numbered("e", 0, 5));
    }
  }

  @Test
  void aCursorBeforeTheLogStartGetsGapRetentionWhileLiveReadersGoOn() {
    LogFixture fixture = LogFixture.create("before-start", 1, "s1");
    try (WsClient watcher = WsClient.withToken(ws(), token(ALL));
        WsClient late = WsClient.withToken(ws(), token(ALL))) {
      String watching = watcher.subscribe(request(fixture.group));
      produce(fixture, "gone ", 0, 10);
      assertThat(events(watcher, watching, 10)).hasSize(10);
      fixture.expireAll();
      String sub =
          late.subscribe(
              request(fixture.group)
                  .put("resume", cursors.encode(Map.of(new TopicPartition(fixture.topic, 0), 0L))));
      JsonObject gap = late.next(f -> !"LOG_STREAM_REPLY".equals(f.getString("type")));
      assertThat(gap.getString("type")).isEqualTo("GAP");
      assertThat(gap.getString("reason")).isEqualTo("retention");
      assertThat(gap.getString("subscriptionId")).isEqualTo(sub);
      produce(fixture, "kept ", 0, 3);
      assertThat(messages(events(late, sub, 3))).containsExactlyElementsOf(numbered("kept ", 0, 3));
      assertThat(messages(events(watcher, watching, 3)))
          .containsExactlyElementsOf(numbered("kept ", 0, 3));
    }
  }

  @Test
  void aSignedCursorFromBeforeTheTopicWasRecreatedIsRefused() throws Exception {
    LogFixture fixture = LogFixture.create("recreated", 1, "s1");
    String cursor;
    try (WsClient first = WsClient.withToken(ws(), token(ALL))) {
      String sub = first.subscribe(request(fixture.group));
      produce(fixture, "before ", 0, 40);
      cursor = cursorAfter(first, sub, 40);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !fanout.readTopics().contains(fixture.topic));
    recreate(fixture);
    produce(fixture, "after ", 0, 3);
    try (WsClient again = WsClient.withToken(ws(), token(ALL))) {
      JsonObject reply = resume(again, fixture, cursor);
      assertRefused(reply, "bad_request");
      assertThat(reply.getString("message")).contains("re-created");
      String live = again.subscribe(request(fixture.group));
      produce(fixture, "later ", 0, 2);
      assertThat(messages(events(again, live, 2))).containsExactly("later 0", "later 1");
    }
  }

  @Test
  void aLiveSubscriberOfARecreatedTopicGetsGapRetentionAndTheNewEvents() throws Exception {
    LogFixture fixture = LogFixture.create("recreated-live", 1, "s1");
    try (WsClient client = WsClient.withToken(ws(), token(ALL))) {
      String sub = client.subscribe(request(fixture.group));
      produce(fixture, "before ", 0, 20);
      assertThat(events(client, sub, 20)).hasSize(20);
      recreate(fixture);
      produce(fixture, "after ", 0, 3);
      JsonObject gap = client.next(f -> !"LOG_EVENTS".equals(f.getString("type")));
      assertThat(gap.getString("type")).isEqualTo("GAP");
      assertThat(gap.getString("reason")).isEqualTo("retention");
      assertThat(messages(events(client, sub, 3)))
          .containsExactlyElementsOf(numbered("after ", 0, 3));
    }
  }

  @Test
  void sseLastEventIdIsCheckedLikeResume() throws Exception {
    LogFixture fixture = LogFixture.create("sse-cursor", 1, "s1");
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String past = cursors.encode(Map.of(new TopicPartition(fixture.topic, 0), 999_999_999_999L));
    String forged =
        Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("v2;" + fixture.topic + ":0:0").getBytes(StandardCharsets.UTF_8))
            + past.substring(past.indexOf('.'));
    for (String lastEventId : List.of(past, forged, "v1-not-a-cursor")) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      http(
                          "/api/stream?group="
                              + URLEncoder.encode(fixture.group, StandardCharsets.UTF_8)))
                  .header("Authorization", "Bearer " + token(ALL))
                  .header("Last-Event-ID", lastEventId)
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      assertThat(new JsonObject(response.body()).getString("error")).isEqualTo("bad_request");
    }
  }

  /** Deletes the fixture's topic and creates it again, empty, as a reset or --fresh does. */
  private void recreate(LogFixture fixture) throws Exception {
    try (Admin admin = LogFixture.admin()) {
      admin.deleteTopics(List.of(fixture.topic)).all().get();
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(
              () -> {
                admin.createTopics(List.of(new NewTopic(fixture.topic, 1, (short) 1))).all().get();
                return true;
              });
    }
  }

  @Test
  void replaysAreBoundedPerConnectionAndPerUser() {
    LogFixture fixture = LogFixture.create("replay-bounds", 1, "s1");
    produce(fixture, "h", 0, 20_000);
    try (WsClient one = WsClient.withToken(ws(), token(ALL));
        WsClient two = WsClient.withToken(ws(), token(ALL));
        WsClient three = WsClient.withToken(ws(), token(ALL))) {
      String first = one.subscribe(request(fixture.group).put("since", 0));
      one.subscribe(request(fixture.group).put("since", 1));
      JsonObject perConnection = one.request(request(fixture.group).put("since", 2));
      assertRefused(perConnection, "limit");
      assertThat(perConnection.getString("message")).contains("per connection");
      two.subscribe(request(fixture.group).put("since", 0));
      two.subscribe(request(fixture.group).put("since", 1));
      JsonObject perUser = three.request(request(fixture.group).put("since", 0));
      assertRefused(perUser, "limit");
      assertThat(perUser.getString("message")).contains("per user");
      // A stopped replay gives its place back.
      one.send(new JsonObject().put("type", "LOG_STREAM_STOP").put("subscriptionId", first));
      one.next(f -> "STOPPED".equals(f.getString("type")));
      three.subscribe(request(fixture.group).put("since", 0));
    }
  }

  @Test
  void aResumeIsServedWhileTwoLongReplaysRun() throws InterruptedException {
    int history = 200_000;
    String last = "b" + (history - 1);
    LogFixture big = LogFixture.create("replay-big", 1, "s1");
    LogFixture small = LogFixture.create("replay-small", 1, "s1");
    produce(big, "b", 0, history);
    String cursor;
    try (WsClient first = WsClient.withToken(ws(), token(ALL))) {
      String sub = first.subscribe(request(small.group));
      produce(small, "s", 0, 5);
      cursor = cursorAfter(first, sub, 5);
    }
    produce(small, "s", 5, 10);
    // Two replays read the whole big topic; their filter lets only its last event through, so
    // each says when it is done by that one event.
    try (WsClient a = WsClient.withToken(ws(), userToken("alice"));
        WsClient b = WsClient.withToken(ws(), userToken("bob"));
        WsClient c = WsClient.withToken(ws(), userToken("carol"))) {
      String subA = a.subscribe(request(big.group).put("since", 0).put("filterPattern", last));
      String subB = b.subscribe(request(big.group).put("since", 0).put("filterPattern", last));
      String resumed = c.subscribe(request(small.group).put("resume", cursor));
      assertThat(messages(events(c, resumed, 5))).containsExactlyElementsOf(numbered("s", 5, 10));
      List<JsonObject> soFarA = a.received();
      List<JsonObject> soFarB = b.received();
      assertThat(messagesOf(soFarA, subA)).as("A's replay still runs when C is served").isEmpty();
      assertThat(messagesOf(soFarB, subB)).as("B's replay still runs when C is served").isEmpty();
      assertThat(messages(lastEvents(a, subA))).containsExactly(last);
      assertThat(messages(lastEvents(b, subB))).containsExactly(last);
    }
  }

  /** The events of {@code sub}'s first LOG_EVENTS frame, waiting up to two minutes. */
  private static List<JsonObject> lastEvents(WsClient client, String sub)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject frame = client.poll(Duration.ofSeconds(1));
      if (frame != null
          && "LOG_EVENTS".equals(frame.getString("type"))
          && sub.equals(frame.getString("subscriptionId"))) {
        return eventsOf(frame);
      }
    }
    throw new AssertionError("the replay of " + sub + " did not end within two minutes");
  }

  private static String userToken(String user) {
    return TestTokens.token(user, Set.of("viewer"), List.of(ALL));
  }
}
