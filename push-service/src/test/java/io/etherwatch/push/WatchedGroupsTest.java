package io.etherwatch.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.etherwatch.logevent.LogEvent;
import io.etherwatch.logevent.WatchedGroup;
import io.etherwatch.push.delivery.WatchedAnnouncer;
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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The replica announces the log groups it has live subscribers for on {@code
 * etherwatch.push.watched} (issue 14; DESIGN section 5), read back here from the real broker.
 */
@QuarkusTest
class WatchedGroupsTest extends PushTestBase {
  private static final String ALL = "/etherwatch/test/*";

  @Inject WatchedAnnouncer announcer;

  @ConfigProperty(name = "etherwatch.push.watched.ttl")
  Duration ttl;

  private WatchedRecords topic;

  @BeforeEach
  void read() {
    topic = new WatchedRecords(WatchedGroup.TOPIC);
  }

  @AfterEach
  void stopReading() {
    topic.close();
  }

  private static JsonObject stop(String subscriptionId) {
    return new JsonObject().put("type", "LOG_STREAM_STOP").put("subscriptionId", subscriptionId);
  }

  private static void stopAndWait(WsClient client, String subscriptionId) {
    client.send(stop(subscriptionId));
    client.next(
        f ->
            "STOPPED".equals(f.getString("type"))
                && subscriptionId.equals(f.getString("subscriptionId")));
  }

  private static java.util.function.Predicate<JsonObject> subscribers(int n) {
    return v -> v.getInteger("subscribers") == n;
  }

  @Test
  void countsSubscribersAndTombstonesWhenTheLastOneStops() {
    LogFixture fixture = LogFixture.create("watched", 1, "s1");
    try (WsClient one = WsClient.withToken(ws(), token(ALL));
        WsClient two = WsClient.withToken(ws(), token(ALL))) {
      String first = one.subscribe(request(fixture.group));
      JsonObject record = topic.awaitRecord(fixture.group, subscribers(1));
      assertThat(record.fieldNames())
          .containsExactly("replica", "group", "subscribers", "heartbeatAt", "expiresAt");
      assertThat(record.getString("replica")).isEqualTo(announcer.replica()).isNotBlank();
      assertThat(record.getString("group")).isEqualTo(fixture.group);
      assertThat(topic.entries(fixture.group))
          .allSatisfy(e -> assertThat(e.replica()).isEqualTo(announcer.replica()));

      String second = two.subscribe(request(fixture.group));
      topic.awaitRecord(fixture.group, subscribers(2));
      stopAndWait(one, first);
      topic.awaitRecord(fixture.group, subscribers(1));
      stopAndWait(two, second);
      topic.awaitTombstone(fixture.group);
      assertThat(announcer.subscribers(fixture.group)).isZero();
      // The connections stay open: only the subscriptions ended.
      assertThat(one.isClosed()).isFalse();
    }
  }

  @Test
  void disconnectWithoutStopTombstones() {
    LogFixture fixture = LogFixture.create("watched-gone", 1, "s1");
    WsClient client = WsClient.withToken(ws(), token(ALL));
    client.subscribe(request(fixture.group));
    client.subscribe(request(fixture.group, "s1"));
    topic.awaitRecord(fixture.group, subscribers(2));
    client.close();
    topic.awaitTombstone(fixture.group);
    assertThat(announcer.subscribers(fixture.group)).isZero();
  }

  @Test
  void aConnectionClosedByTheServerWith1008Tombstones() {
    LogFixture fixture = LogFixture.create("watched-1008", 1, "s1");
    try (WsClient client = WsClient.withToken(ws(), token(ALL))) {
      client.subscribe(request(fixture.group));
      topic.awaitRecord(fixture.group, subscribers(1));
      for (int i = 0; i <= 100; i++) {
        client.sendRaw("{\"type\":\"NOPE\"}");
      }
      assertThat(client.closeCode()).isEqualTo(1008);
      topic.awaitTombstone(fixture.group);
    }
  }

  @Test
  void anSseStreamIsWatchedUntilItsClientGoes() throws Exception {
    LogFixture fixture = LogFixture.create("watched-sse", 1, "s1");
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request =
        HttpRequest.newBuilder(
                http(
                    "/api/stream?group="
                        + URLEncoder.encode(fixture.group, StandardCharsets.UTF_8)))
            .header("Authorization", "Bearer " + token(ALL))
            .build();
    HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    try (Stream<String> lines = response.body()) {
      assertThat(lines.filter(l -> l.startsWith("data:")).findFirst())
          .hasValueSatisfying(l -> assertThat(l).contains("LOG_STREAM_REPLY"));
      JsonObject record = topic.awaitRecord(fixture.group, subscribers(1));
      assertThat(record.getString("replica")).isEqualTo(announcer.replica());
    }
    topic.awaitTombstone(fixture.group);
  }

  @Test
  void aReplayingSubscriptionIsWatchedWhileItReplays() {
    LogFixture fixture = LogFixture.create("watched-replay", 1, "s1");
    int history = 100_000;
    String last = "r" + (history - 1);
    for (int start = 0; start < history; start += 2_000) {
      List<LogEvent> events = new ArrayList<>();
      for (int i = start; i < start + 2_000; i++) {
        events.add(fixture.event("s1", "r" + i));
      }
      fixture.produce(events);
    }
    try (WsClient client = WsClient.withToken(ws(), token(ALL))) {
      // The filter lets only the last event through, so the replay says when it is done by it.
      String sub =
          client.subscribe(request(fixture.group).put("since", 0).put("filterPattern", last));
      topic.awaitRecord(fixture.group, subscribers(1));
      assertThat(client.received())
          .as("the replay still runs while the group is announced")
          .noneMatch(f -> "LOG_EVENTS".equals(f.getString("type")));
      assertThat(messages(events(client, sub, 1))).containsExactly(last);
      // Handed over to the live reader: still the same one subscriber.
      assertThat(announcer.subscribers(fixture.group)).isEqualTo(1);
      stopAndWait(client, sub);
      topic.awaitTombstone(fixture.group);
    }
  }

  @Test
  void heartbeatsAdvanceAndEachRecordExpiresTtlAfterIt() {
    LogFixture fixture = LogFixture.create("watched-beat", 1, "s1");
    try (WsClient client = WsClient.withToken(ws(), token(ALL))) {
      client.subscribe(request(fixture.group));
      List<WatchedRecords.Entry> entries = topic.awaitEntries(fixture.group, 3);
      long previous = 0;
      for (WatchedRecords.Entry entry : entries) {
        JsonObject v = entry.value();
        assertThat(v).isNotNull();
        // The first write and a heartbeat may fall in the same millisecond.
        assertThat(v.getLong("heartbeatAt")).isGreaterThanOrEqualTo(previous);
        assertThat(v.getLong("expiresAt") - v.getLong("heartbeatAt")).isEqualTo(ttl.toMillis());
        previous = v.getLong("heartbeatAt");
      }
      assertThat(previous).isGreaterThan(entries.get(0).value().getLong("heartbeatAt"));
    }
  }

  @Test
  void groupsAreCountedApartAndEverySubscriptionCounts() {
    LogFixture a = LogFixture.create("watched-a", 1, "s1");
    LogFixture b = LogFixture.create("watched-b", 1, "s1");
    LogFixture busy = LogFixture.create("watched-busy", 1, "s1");
    List<WsClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        clients.add(WsClient.withToken(ws(), token(ALL)));
      }
      clients.get(0).subscribe(request(a.group));
      clients.get(0).subscribe(request(b.group));
      // 20 subscriptions of one group over 3 connections: 7 + 7 + 6 shapes, none shared.
      for (int i = 0; i < 20; i++) {
        clients.get(i % 3).subscribe(request(busy.group).put("filterPattern", "f" + i));
      }
      topic.awaitRecord(a.group, subscribers(1));
      topic.awaitRecord(b.group, subscribers(1));
      topic.awaitRecord(busy.group, subscribers(20));
      assertThat(announcer.subscribers(busy.group)).isEqualTo(20);
      assertThat(metric("etherwatch_push_watched_groups")).isGreaterThanOrEqualTo(3);
      clients.get(0).close();
      topic.awaitTombstone(a.group);
      topic.awaitTombstone(b.group);
      topic.awaitRecord(busy.group, subscribers(13));
    } finally {
      clients.forEach(WsClient::close);
    }
    topic.awaitTombstone(busy.group);
  }

  @Test
  void theTopicIsCreatedCompactedWithOnePartition() throws Exception {
    try (Admin admin = LogFixture.admin()) {
      // Created by the announcer's first run, on its own thread, right after start.
      await()
          .atMost(WatchedRecords.WAIT)
          .until(() -> admin.listTopics().names().get().contains(WatchedGroup.TOPIC));
      assertThat(
              admin
                  .describeTopics(List.of(WatchedGroup.TOPIC))
                  .allTopicNames()
                  .get()
                  .get(WatchedGroup.TOPIC)
                  .partitions())
          .hasSize(1);
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, WatchedGroup.TOPIC);
      var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      for (Map.Entry<String, String> setting : WatchedGroup.TOPIC_CONFIG.entrySet()) {
        assertThat(config.get(setting.getKey()).value())
            .as(setting.getKey())
            .isEqualTo(setting.getValue());
      }
    }
  }
}
