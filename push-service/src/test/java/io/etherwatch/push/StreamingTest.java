package io.etherwatch.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.etherwatch.logevent.LogEvent;
import io.etherwatch.push.delivery.TopicFanout;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StreamingTest extends PushTestBase {
  @Inject TopicFanout fanout;

  private static List<LogEvent> numbered(LogFixture fixture, String stream, int from, int to) {
    List<LogEvent> events = new ArrayList<>();
    for (int i = from; i < to; i++) {
      events.add(fixture.event(stream, stream + "#" + i));
    }
    return events;
  }

  @Test
  void keepsOrderPerStreamAcrossPartitions() {
    LogFixture fixture = LogFixture.create("order", 3, "a", "b", "c", "d", "e");
    List<String> streams = List.of("a", "b", "c", "d", "e");
    try (WsClient client = WsClient.withToken(ws(), token("/etherwatch/test/*"))) {
      String sub = client.subscribe(request(fixture.group));
      for (int batch = 0; batch < 10; batch++) {
        List<LogEvent> events = new ArrayList<>();
        for (int i = batch * 20; i < batch * 20 + 20; i++) {
          for (String stream : streams) {
            events.add(fixture.event(stream, stream + "#" + i));
          }
        }
        fixture.produce(events);
      }
      Map<String, List<Integer>> byStream = new HashMap<>();
      for (JsonObject e : events(client, sub, 1000)) {
        String[] parts = e.getString("message").split("#");
        assertThat(e.getString("logStreamName")).isEqualTo(parts[0]);
        assertThat(e.getString("logGroupName")).isEqualTo(fixture.group);
        byStream.computeIfAbsent(parts[0], s -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
      }
      List<Integer> expected = java.util.stream.IntStream.range(0, 200).boxed().toList();
      streams.forEach(s -> assertThat(byStream.get(s)).as(s).isEqualTo(expected));
    }
  }

  @Test
  void deliversOnlyEventsMatchingFilterPatternAndStreams() {
    LogFixture fixture = LogFixture.create("filter", 1, "app", "other");
    try (WsClient client = WsClient.withToken(ws(), token("/etherwatch/test/*"))) {
      String errors =
          client.subscribe(request(fixture.group).put("filterPattern", "ERROR -timeout"));
      String phrase =
          client.subscribe(request(fixture.group, "app").put("filterPattern", "\"disk full\""));
      fixture.produce(
          List.of(
              fixture.event("app", "ERROR disk full"),
              fixture.event("app", "ERROR timeout talking to db"),
              fixture.event("app", "INFO disk full soon"),
              fixture.event("other", "ERROR disk full on other"),
              fixture.event("app", "WARN disk is full")));
      assertThat(messages(events(client, errors, 2)))
          .containsExactly("ERROR disk full", "ERROR disk full on other");
      assertThat(messages(events(client, phrase, 2)))
          .containsExactly("ERROR disk full", "INFO disk full soon");
    }
  }

  @Test
  void sinceStartsAtThatTimeThenContinuesLive() {
    LogFixture fixture = LogFixture.create("since", 1, "s1");
    long now = System.currentTimeMillis();
    fixture.produce(
        List.of(
            fixture.event("s1", "old 1", now - 60_000),
            fixture.event("s1", "old 2", now - 50_000),
            fixture.event("s1", "recent 1", now - 5_000),
            fixture.event("s1", "recent 2", now - 4_000)));
    try (WsClient client = WsClient.withToken(ws(), token("/etherwatch/test/*"))) {
      String sub = client.subscribe(request(fixture.group).put("since", now - 10_000));
      assertThat(messages(events(client, sub, 2))).containsExactly("recent 1", "recent 2");
      fixture.produce(List.of(fixture.event("s1", "live")));
      assertThat(messages(events(client, sub, 1))).containsExactly("live");
    }
  }

  @Test
  void resumesAfterCursorWithoutGapOrDuplicateWhileOthersReadLive() {
    LogFixture fixture = LogFixture.create("resume-live", 1, "s1");
    try (WsClient watcher = WsClient.withToken(ws(), token("/etherwatch/test/*"))) {
      String watching = watcher.subscribe(request(fixture.group));
      resumeScenario(fixture);
      assertThat(events(watcher, watching, 100)).hasSize(100);
    }
  }

  @Test
  void resumesAfterCursorWhenNoOneElseReadsTheTopic() {
    LogFixture fixture = LogFixture.create("resume-alone", 1, "s1");
    resumeScenario(fixture);
  }

  private void resumeScenario(LogFixture fixture) {
    String cursor;
    try (WsClient first = WsClient.withToken(ws(), token("/etherwatch/test/*"))) {
      String sub = first.subscribe(request(fixture.group));
      fixture.produce(numbered(fixture, "s1", 0, 50));
      List<JsonObject> frames = new ArrayList<>();
      int seen = 0;
      while (seen < 50) {
        JsonObject frame = first.next("LOG_EVENTS");
        assertThat(frame.getString("subscriptionId")).isEqualTo(sub);
        frames.add(frame);
        seen += frame.getJsonArray("events").size();
      }
      cursor = frames.get(frames.size() - 1).getString("cursor");
    }
    fixture.produce(numbered(fixture, "s1", 50, 80));
    try (WsClient second = WsClient.withToken(ws(), token("/etherwatch/test/*"))) {
      String sub = second.subscribe(request(fixture.group).put("resume", cursor));
      List<String> replayed = messages(events(second, sub, 30));
      fixture.produce(numbered(fixture, "s1", 80, 100));
      List<String> live = messages(events(second, sub, 20));
      List<String> all = new ArrayList<>(replayed);
      all.addAll(live);
      assertThat(all)
          .containsExactlyElementsOf(
              java.util.stream.IntStream.range(50, 100).mapToObj(i -> "s1#" + i).toList());
      fixture.produce(List.of(fixture.event("s1", "marker")));
      assertThat(messages(events(second, sub, 1))).containsExactly("marker");
    }
  }

  @Test
  void resumeFromCursorPastRetentionSendsGap() {
    LogFixture fixture = LogFixture.create("retention", 1, "s1");
    String cursor;
    try (WsClient first = WsClient.withToken(ws(), token("/etherwatch/test/*"))) {
      String sub = first.subscribe(request(fixture.group));
      fixture.produce(numbered(fixture, "s1", 0, 5));
      JsonObject frame = first.next("LOG_EVENTS");
      assertThat(frame.getJsonArray("events")).hasSize(5);
      cursor = frame.getString("cursor");
      assertThat(frame.getString("subscriptionId")).isEqualTo(sub);
    }
    fixture.produce(numbered(fixture, "s1", 5, 10));
    fixture.expireAll();
    fixture.produce(numbered(fixture, "s1", 10, 13));
    try (WsClient second = WsClient.withToken(ws(), token("/etherwatch/test/*"))) {
      String sub = second.subscribe(request(fixture.group).put("resume", cursor));
      JsonObject gap = second.next(f -> !"LOG_STREAM_REPLY".equals(f.getString("type")));
      assertThat(gap.getString("type")).isEqualTo("GAP");
      assertThat(gap.getString("reason")).isEqualTo("retention");
      assertThat(gap.getString("subscriptionId")).isEqualTo(sub);
      assertThat(messages(events(second, sub, 3))).containsExactly("s1#10", "s1#11", "s1#12");
    }
  }

  @Test
  void disconnectRemovesSubscriptionsAndStopsReadingTheTopic() {
    LogFixture fixture = LogFixture.create("disconnect", 1, "s1");
    WsClient client = WsClient.withToken(ws(), token("/etherwatch/test/*"));
    client.subscribe(request(fixture.group));
    client.subscribe(request(fixture.group, "s1"));
    assertThat(fanout.readTopics()).contains(fixture.topic);
    client.close();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !fanout.readTopics().contains(fixture.topic));
    assertThat(fanout.readTopics()).doesNotContain(fixture.topic);
  }
}
