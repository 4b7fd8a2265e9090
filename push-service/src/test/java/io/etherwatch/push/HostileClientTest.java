package io.etherwatch.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Clients that send and never read (DESIGN section 6: every frame the server queues counts against
 * the client's bound; client strings are never echoed at length).
 */
@QuarkusTest
class HostileClientTest extends PushTestBase {
  private static final String HUGE_TYPE = new JsonObject().put("type", "x".repeat(60_000)).encode();

  @ConfigProperty(name = "etherwatch.push.send-queue-bytes")
  long bound;

  @ConfigProperty(name = "etherwatch.push.max-refusals-per-minute")
  int maxRefusals;

  @Test
  void clientSendingHugeTypesWithoutReadingIsClosedWithinItsBoundAndOthersGetEverything() {
    LogFixture fixture = LogFixture.create("hostile", 1, "s1");
    try (WsClient normal = WsClient.withToken(ws(), token("/etherwatch/test/*"));
        WsClient hostile = WsClient.withToken(ws(), token("/etherwatch/test/*"))) {
      String sub = normal.subscribe(request(fixture.group));
      hostile.pause();
      int produced = 0;
      // 1,500 frames of 60,000 characters: 90 MB, far past any bound if answers echoed them.
      for (int i = 0; i < 1_500; i++) {
        hostile.sendRaw(HUGE_TYPE);
        if (i % 100 == 0) {
          fixture.produce(List.of(fixture.event("s1", produced + " during")));
          produced++;
        }
      }
      List<Integer> seen = numbers(events(normal, sub, produced));
      assertThat(seen).isEqualTo(IntStream.range(0, produced).boxed().toList());
      assertThat(metric("etherwatch_push_send_queue_peak_bytes")).isLessThanOrEqualTo(bound);

      hostile.resume();
      assertThat(hostile.closeCode()).isEqualTo(1008);
      List<JsonObject> answers = hostile.received();
      assertThat(answers).hasSizeLessThanOrEqualTo(maxRefusals);
      assertThat(answers)
          .allSatisfy(
              answer -> {
                assertThat(answer.getString("type")).isEqualTo("ERROR");
                assertThat(answer.getString("error")).isEqualTo("unknown_type");
                assertThat(answer.encode().length()).isLessThan(200);
              });
      assertThat(normal.isClosed()).isFalse();
    }
  }

  @Test
  void unauthenticatedConnectionGetsNothingButTheAuthenticateAnswer() throws Exception {
    LogFixture fixture = LogFixture.create("preauth", 1, "s1");
    try (WsClient client = WsClient.connect(ws(), Map.of(), List.of())) {
      sendJunk(client, fixture);
      assertThat(client.poll(Duration.ofMillis(500))).isNull();
      client.send(
          new JsonObject().put("type", "AUTHENTICATE").put("token", token("/etherwatch/test/*")));
      assertThat(client.next().getString("type")).isEqualTo("AUTHENTICATED");
      JsonObject reply = client.request(request(fixture.group));
      assertThat(reply.getBoolean("success")).isTrue();
    }
    try (WsClient client = WsClient.connect(ws(), Map.of(), List.of())) {
      sendJunk(client, fixture);
      assertThat(client.closeCode()).isEqualTo(4401);
      assertThat(client.received()).isEmpty();
    }
    // Junk in a loop before authentication: dropped unanswered, and closed once past the limit.
    try (WsClient client = WsClient.connect(ws(), Map.of(), List.of())) {
      for (int i = 0; i < 200; i++) {
        sendJunk(client, fixture);
      }
      assertThat(client.closeCode()).isEqualTo(1008);
      assertThat(client.received()).isEmpty();
    }
    try (WsClient client = WsClient.connect(ws(), Map.of(), List.of())) {
      sendJunk(client, fixture);
      client.send(new JsonObject().put("type", "AUTHENTICATE"));
      assertThat(client.closeCode()).isEqualTo(4401);
      assertThat(client.received()).isEmpty();
    }
  }

  @Test
  void requestIdsAndNamesAreNotEchoedAtLength() {
    try (WsClient client = WsClient.withToken(ws(), token("/etherwatch/test/*"))) {
      client.send(
          new JsonObject()
              .put("type", "LOG_STREAM_REQUEST")
              .put("requestId", "r".repeat(10_000))
              .put("logGroupName", "/etherwatch/test/x"));
      JsonObject error = client.next();
      assertThat(error.getString("type")).isEqualTo("ERROR");
      assertThat(error.getString("error")).isEqualTo("bad_request");
      assertThat(error.encode()).hasSizeLessThan(200);
      JsonObject forbidden = client.request(request("/other/" + "g".repeat(500)));
      assertThat(forbidden.getString("error")).isEqualTo("forbidden");
      assertThat(forbidden.getString("message")).hasSizeLessThan(200);
      JsonObject tooLong = client.request(request("/etherwatch/test/" + "g".repeat(600)));
      assertThat(tooLong.getString("error")).isEqualTo("bad_request");
      client.send(
          new JsonObject().put("type", "LOG_STREAM_STOP").put("subscriptionId", "s".repeat(9_000)));
      JsonObject notFound = client.next();
      assertThat(notFound.getString("error")).isEqualTo("not_found");
      assertThat(notFound.encode()).hasSizeLessThan(200);
    }
  }

  private static void sendJunk(WsClient client, LogFixture fixture) {
    client.sendRaw("not json");
    client.sendRaw(HUGE_TYPE);
    client.sendRaw("{\"requestId\":\"r\"}");
    client.send(request(fixture.group).put("type", "LOG_STREAM_REQUEST"));
    client.send(new JsonObject().put("type", "LOG_STREAM_STOP").put("subscriptionId", "x"));
  }
}
