package io.etherwatch.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.etherwatch.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class WebSocketAuthTest extends PushTestBase {

  private static void assertSubscribes(WsClient client, LogFixture fixture) {
    JsonObject reply = client.request(request(fixture.group));
    assertThat(reply.getBoolean("success")).as(reply.encode()).isTrue();
  }

  @Test
  void acceptsBearerTokenOnTheUpgrade() {
    LogFixture fixture = LogFixture.create("auth-header", 1, "s1");
    try (WsClient client = WsClient.withToken(ws(), token("/etherwatch/test/*"))) {
      assertSubscribes(client, fixture);
    }
  }

  @Test
  void acceptsTokenCarriedAsSubprotocol() {
    LogFixture fixture = LogFixture.create("auth-subprotocol", 1, "s1");
    String carrier =
        URLEncoder.encode(
                "quarkus-http-upgrade#Authorization#Bearer " + token("/etherwatch/test/*"),
                StandardCharsets.UTF_8)
            .replace("+", "%20");
    try (WsClient client =
        WsClient.connect(ws(), Map.of(), List.of("bearer-token-carrier", carrier))) {
      assertThat(client.subprotocol()).isEqualTo("bearer-token-carrier");
      assertSubscribes(client, fixture);
    }
  }

  @Test
  void acceptsAuthenticateAsFirstFrame() {
    LogFixture fixture = LogFixture.create("auth-frame", 1, "s1");
    try (WsClient client = WsClient.connect(ws(), Map.of(), List.of())) {
      client.send(
          new JsonObject().put("type", "AUTHENTICATE").put("token", token("/etherwatch/test/*")));
      assertThat(client.next().getString("type")).isEqualTo("AUTHENTICATED");
      assertSubscribes(client, fixture);
    }
  }

  @Test
  void refusesTokenInQueryString() {
    URI withToken = URI.create(ws() + "?access_token=" + token("*"));
    assertThat(WsClient.refusal(withToken, Map.of(), List.of())).isEqualTo(401);
    URI disguised = URI.create(ws() + "?x=" + token("*"));
    assertThat(WsClient.refusal(disguised, Map.of(), List.of())).isEqualTo(401);
  }

  @Test
  void refusesOriginOutsideAllowlist() {
    String bearer = "Bearer " + token("*");
    assertThat(
            WsClient.refusal(
                ws(), Map.of("Authorization", bearer, "Origin", "https://evil.example"), List.of()))
        .isEqualTo(403);
    assertThat(
            WsClient.refusal(
                ws(),
                Map.of("Authorization", bearer, "Origin", "http://127.0.0.1:8080"),
                List.of()))
        .isEqualTo(101);
  }

  @Test
  void refusesExpiredToken() {
    TestTokens.Signer signer = TestTokens.claims("alice", Set.of("viewer"), List.of("*"));
    signer
        .claims()
        .issuedAt(Instant.now().minus(Duration.ofHours(1)))
        .expiresAt(Instant.now().minus(Duration.ofMinutes(30)));
    String expired = signer.sign();
    assertThat(WsClient.refusal(ws(), Map.of("Authorization", "Bearer " + expired), List.of()))
        .isEqualTo(401);
  }

  @Test
  void refusesForgedToken() {
    String[] parts = token("/etherwatch/test/*").split("\\.");
    String payload =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("/etherwatch/test/*", "*");
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    assertThat(WsClient.refusal(ws(), Map.of("Authorization", "Bearer " + forged), List.of()))
        .isEqualTo(401);
    try (WsClient client = WsClient.connect(ws(), Map.of(), List.of())) {
      client.send(new JsonObject().put("type", "AUTHENTICATE").put("token", forged));
      assertThat(client.closeCode()).isEqualTo(4401);
    }
  }

  @Test
  void closesConnectionThatNeverAuthenticates() {
    try (WsClient client = WsClient.connect(ws(), Map.of(), List.of())) {
      client.send(request("/etherwatch/test/any").put("type", "LOG_STREAM_REQUEST"));
      assertThat(client.closeCode()).isEqualTo(4401);
      assertThat(client.received()).isEmpty();
    }
  }

  @Test
  void sendsTokenExpiredAndCloses4401WhenTokenExpiresMidStream() {
    LogFixture fixture = LogFixture.create("auth-expiry", 1, "s1");
    String shortLived = shortLivedToken(3);
    try (WsClient client = WsClient.withToken(ws(), shortLived)) {
      assertSubscribes(client, fixture);
      assertThat(client.next("TOKEN_EXPIRED").encode()).isEqualTo("{\"type\":\"TOKEN_EXPIRED\"}");
      assertThat(client.closeCode()).isEqualTo(4401);
    }
  }

  @Test
  void reauthenticateKeepsConnectionOpenPastFirstExpiry() throws InterruptedException {
    LogFixture fixture = LogFixture.create("auth-reauth", 1, "s1");
    long expiresAt = Instant.now().plusSeconds(3).getEpochSecond();
    try (WsClient client = WsClient.withToken(ws(), shortLivedToken(3))) {
      String sub = client.subscribe(request(fixture.group));
      client.send(
          new JsonObject().put("type", "REAUTHENTICATE").put("token", token("/etherwatch/test/*")));
      assertThat(client.next("AUTHENTICATED").getLong("expiresAt")).isGreaterThan(expiresAt);
      while (Instant.now().getEpochSecond() <= expiresAt + 1) {
        Thread.sleep(250);
      }
      fixture.produce(List.of(fixture.event("s1", "still here")));
      assertThat(messages(events(client, sub, 1))).containsExactly("still here");
      assertThat(client.isClosed()).isFalse();
    }
  }

  @Test
  void reauthenticateWithNarrowerLgStopsSubscriptionsItNoLongerAllows() {
    LogFixture fixture = LogFixture.create("auth-narrower", 1, "s1");
    try (WsClient client = WsClient.withToken(ws(), token("/etherwatch/test/*"))) {
      String sub = client.subscribe(request(fixture.group));
      client.send(new JsonObject().put("type", "REAUTHENTICATE").put("token", token("/other/*")));
      JsonObject stopped = client.next();
      assertThat(stopped.getString("type")).isEqualTo("STOPPED");
      assertThat(stopped.getString("subscriptionId")).isEqualTo(sub);
      assertThat(client.next().getString("type")).isEqualTo("AUTHENTICATED");
    }
  }

  @Test
  void reauthenticateWithAnotherUsersTokenIsRefused() {
    try (WsClient client = WsClient.withToken(ws(), token("/etherwatch/test/*"))) {
      String mallory = TestTokens.token("mallory", Set.of("viewer"), List.of("*"));
      client.send(new JsonObject().put("type", "REAUTHENTICATE").put("token", mallory));
      JsonObject error = client.next();
      assertThat(error.getString("type")).isEqualTo("ERROR");
      assertThat(error.getString("error")).isEqualTo("invalid_token");
    }
  }

  private static String shortLivedToken(int seconds) {
    TestTokens.Signer signer =
        TestTokens.claims("alice", Set.of("viewer"), List.of("/etherwatch/test/*"));
    signer.claims().expiresAt(Instant.now().plusSeconds(seconds));
    return signer.sign();
  }

  @ConfigProperty(name = "mp.jwt.verify.clock.skew")
  long leewaySeconds;

  private static String tokenExpiringAt(Instant exp) {
    return TestTokens.tokenExpiringAt(
        "alice", Set.of("viewer"), List.of("/etherwatch/test/*"), exp);
  }

  @Test
  void tokenPastExpPlusLeewayIsRefusedOnUpgradeSseAndAuthenticate() throws Exception {
    String expired = tokenExpiringAt(Instant.now().minusSeconds(leewaySeconds + 2));
    assertThat(WsClient.refusal(ws(), Map.of("Authorization", "Bearer " + expired), List.of()))
        .isEqualTo(401);
    HttpResponse<String> sse =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(http("/api/stream?group=%2Fetherwatch%2Ftest%2Fx"))
                    .header("Authorization", "Bearer " + expired)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(sse.statusCode()).isEqualTo(401);
    try (WsClient client = WsClient.connect(ws(), Map.of(), List.of())) {
      client.send(new JsonObject().put("type", "AUTHENTICATE").put("token", expired));
      assertThat(client.closeCode()).isEqualTo(4401);
      assertThat(client.received()).isEmpty();
    }
  }

  @Test
  void tokenExpiredArrivesAtExpPlusLeewayAndNotBefore() {
    LogFixture fixture = LogFixture.create("auth-leeway", 1, "s1");
    Instant exp = Instant.now().plusSeconds(3);
    try (WsClient client = WsClient.withToken(ws(), tokenExpiringAt(exp))) {
      assertSubscribes(client, fixture);
      client.next("TOKEN_EXPIRED");
      long received = System.currentTimeMillis();
      long deadline = (exp.getEpochSecond() + leewaySeconds) * 1000;
      assertThat(received).isGreaterThanOrEqualTo(deadline).isLessThan(deadline + 10_000);
      assertThat(client.closeCode()).isEqualTo(4401);
    }
  }

  @Test
  void reauthenticateWithExpiredTokenIsRefusedAndTheOldDeadlineStands() {
    LogFixture fixture = LogFixture.create("auth-reauth-expired", 1, "s1");
    Instant exp = Instant.now().plusSeconds(4);
    try (WsClient client = WsClient.withToken(ws(), tokenExpiringAt(exp))) {
      assertSubscribes(client, fixture);
      String expired = tokenExpiringAt(Instant.now().minusSeconds(30));
      client.send(new JsonObject().put("type", "REAUTHENTICATE").put("token", expired));
      JsonObject refused = client.next();
      assertThat(refused.getString("type")).isEqualTo("ERROR");
      assertThat(refused.getString("error")).isEqualTo("invalid_token");
      JsonObject expiry = client.next();
      long received = System.currentTimeMillis();
      assertThat(expiry.getString("type")).isEqualTo("TOKEN_EXPIRED");
      long deadline = (exp.getEpochSecond() + leewaySeconds) * 1000;
      assertThat(received).isGreaterThanOrEqualTo(deadline).isLessThan(deadline + 10_000);
      assertThat(client.closeCode()).isEqualTo(4401);
    }
  }
}
