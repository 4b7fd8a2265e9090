package io.etherwatch.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The console's reverse proxy against real HTTP, SSE and WebSocket servers (FakeServices): the
 * routing table of DESIGN section 8, headers, encodings, streaming and failures, byte for byte.
 */
@QuarkusTest
@WithTestResource(FakeServices.class)
class ProxyTest {

  private static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self';"
          + " form-action 'self'; frame-ancestors 'none'";

  FakeServices.Control fakes;

  private HttpClient client;

  @BeforeEach
  void openClient() {
    client = fakes.vertx().createHttpClient();
  }

  @AfterEach
  void closeClient() throws Exception {
    client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @CsvSource({
    "/api/authenticate, auth-service",
    "/api/token/refresh, auth-service",
    "/api/logout, auth-service",
    "/api/verify, auth-service",
    "/api/users, auth-service",
    "/api/users/alice, auth-service",
    "/api/token, auth-service",
    "/api/ec2, inventory-service",
    "/api/ec2/i-0123456789abcdef0/metrics, inventory-service",
    "/api/metrics/stats?metricName=CPUUtilization, inventory-service",
    "/api/log/groups, inventory-service",
    "/api/stream?group=g, push-service",
    "/ws, push-service"
  })
  void routesEachPathToItsService(String path, String part) {
    given()
        .urlEncodingEnabled(false)
        .get(path)
        .then()
        .statusCode(200)
        .body("part", equalTo(part))
        .body("uri", equalTo(path));
  }

  @ParameterizedTest
  @CsvSource({"/api/nothing", "/api/usersx", "/api/ec2x/1", "/api/logs", "/api/streams"})
  void answersOtherApiPathsWithJson404(String path) {
    given()
        .get(path)
        .then()
        .statusCode(404)
        .contentType("application/json")
        .body("error", equalTo("not_found"));
  }

  @Test
  void replacesForwardedHeadersTheClientWrote() {
    Response response =
        given()
            .header("X-Forwarded-For", "203.0.113.9")
            .header("X-Forwarded-Host", "evil.example")
            .header("X-Forwarded-Proto", "https")
            .header("Forwarded", "for=203.0.113.9")
            .header("X-Real-IP", "203.0.113.9")
            .get("/api/authenticate");
    response.then().statusCode(200);
    JsonObject headers = new JsonObject(response.asString()).getJsonObject("headers");
    assertThat(headers.getJsonArray("x-forwarded-for").getList()).containsExactly("127.0.0.1");
    assertThat(headers.getJsonArray("x-forwarded-proto").getList()).containsExactly("http");
    assertThat(headers.getJsonArray("x-forwarded-host").getList())
        .containsExactly(
            java.net.URI.create(RestAssured.baseURI).getHost() + ":" + RestAssured.port);
    assertThat(headers.containsKey("forwarded")).isFalse();
    assertThat(headers.containsKey("x-real-ip")).isFalse();
  }

  @Test
  void keepsEncodedSlashesInPathAndQuery() {
    // A real group of the demo seed (host-agent's default etherwatch/<host>) and a stream prefix.
    String uri =
        "/api/log/groups/etherwatch%2FNodeAppServer1/streams?prefix=ssh%2Fin&filter=a%20b%2Bc";
    given()
        .urlEncodingEnabled(false)
        .get(uri)
        .then()
        .statusCode(200)
        .body("part", equalTo("inventory-service"))
        .body("uri", equalTo(uri));
  }

  @Test
  void deliversEachSseEventAsTheServiceWritesIt() throws Exception {
    java.net.http.HttpResponse<java.io.InputStream> response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:" + RestAssured.port + "/api/stream?key=sse1"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("text/event-stream");
    java.io.InputStream body = response.body();

    // The first event arrives while the service still holds the stream open.
    String first =
        CompletableFuture.supplyAsync(() -> readUntilBlankLine(body)).get(10, TimeUnit.SECONDS);
    assertThat(first).isEqualTo("id: 1\ndata: first\n\n");

    // The second comes 5.5 s after the release: longer than the response timeout (5 s in tests),
    // which must not cut a stream that has begun.
    fakes.releaseStream("sse1");
    String rest =
        CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return new String(body.readAllBytes(), StandardCharsets.UTF_8);
                  } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                })
            .get(20, TimeUnit.SECONDS);
    assertThat(rest).isEqualTo("id: 2\ndata: second, after a silence\n\n");
  }

  private static String readUntilBlankLine(java.io.InputStream in) {
    StringBuilder text = new StringBuilder();
    try {
      while (text.indexOf("\n\n") < 0) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        text.append((char) b);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return text.toString();
  }

  @Test
  void tunnelsWebSocketWithSubprotocolOriginAndCloseCode() throws Exception {
    String origin = "http://127.0.0.1:" + RestAssured.port;
    WebSocketClient wsClient = fakes.vertx().createWebSocketClient();
    try {
      BlockingQueue<String> texts = new LinkedBlockingQueue<>();
      BlockingQueue<Buffer> binaries = new LinkedBlockingQueue<>();
      CompletableFuture<Short> closed = new CompletableFuture<>();
      WebSocketConnectOptions options =
          new WebSocketConnectOptions()
              .setHost("localhost")
              .setPort(RestAssured.port)
              .setURI("/ws")
              .addHeader("Origin", origin)
              .addHeader("X-Forwarded-For", "203.0.113.9")
              .setSubProtocols(
                  List.of("bearer-token-carrier", "quarkus-http-upgrade#Authorization#Bearer abc"));
      WebSocket ws = await(wsClient.connect(options));
      ws.textMessageHandler(texts::add);
      ws.binaryMessageHandler(binaries::add);
      ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
      assertThat(ws.subProtocol()).isEqualTo("bearer-token-carrier");

      ws.writeTextMessage("upgrade?");
      JsonObject seen = new JsonObject(texts.poll(10, TimeUnit.SECONDS));
      assertThat(seen.getString("origin")).isEqualTo(origin);
      assertThat(seen.getString("protocol"))
          .isEqualTo("bearer-token-carrier,quarkus-http-upgrade#Authorization#Bearer abc");
      assertThat(seen.getJsonArray("forwardedFor").getList()).containsExactly("127.0.0.1");

      ws.writeTextMessage("{\"type\":\"LOG_STREAM_REQUEST\"}");
      assertThat(texts.poll(10, TimeUnit.SECONDS))
          .isEqualTo("echo:{\"type\":\"LOG_STREAM_REQUEST\"}");
      byte[] large = new byte[200_000];
      new Random(7).nextBytes(large);
      ws.writeBinaryMessage(Buffer.buffer(large));
      assertThat(binaries.poll(10, TimeUnit.SECONDS).getBytes()).isEqualTo(large);

      ws.writeTextMessage("close 4401");
      assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo((short) 4401);
      assertThat(ws.closeReason()).isEqualTo("asked");
    } finally {
      wsClient.close();
    }
  }

  @Test
  void namesTheServiceThatIsDownWith502() throws Exception {
    fakes.stop("inventory-service");
    fakes.stop("push-service");
    try {
      given()
          .get("/api/ec2")
          .then()
          .statusCode(502)
          .contentType("application/json")
          .header("Content-Security-Policy", CSP)
          .body("error", equalTo("upstream_unavailable"))
          .body("message", containsString("inventory-service"));
      given()
          .body("{\"x\":1}")
          .post("/api/metrics/stats")
          .then()
          .statusCode(502)
          .body("message", containsString("inventory-service"));

      WebSocketClient wsClient = fakes.vertx().createWebSocketClient();
      try {
        var upgrade = wsClient.connect(RestAssured.port, "localhost", "/ws");
        ExecutionException refused =
            org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class,
                () -> upgrade.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertThat(refused.getCause()).isInstanceOf(UpgradeRejectedException.class);
        UpgradeRejectedException rejected = (UpgradeRejectedException) refused.getCause();
        assertThat(rejected.getStatus()).isEqualTo(502);
        assertThat(rejected.getBody().toString()).contains("upstream_unavailable", "push-service");
      } finally {
        wsClient.close();
      }
      // The console stays ready and says which services are not.
      given()
          .get("/q/health/ready")
          .then()
          .statusCode(200)
          .body("status", equalTo("UP"))
          .body(
              "checks.find { it.name == 'services behind the console' }.data",
              equalTo(
                  java.util.Map.of(
                      "auth-service", "UP", "inventory-service", "DOWN", "push-service", "DOWN")));
      // The other services are unaffected.
      given().get("/api/users").then().statusCode(200).body("part", equalTo("auth-service"));
    } finally {
      fakes.start("inventory-service");
      fakes.start("push-service");
    }
    given().get("/api/ec2").then().statusCode(200).body("part", equalTo("inventory-service"));
  }

  @Test
  void answers504WhenTheServiceDoesNotAnswerInTime() {
    given()
        .get("/api/ec2/slow")
        .then()
        .statusCode(504)
        .contentType("application/json")
        .body("error", equalTo("upstream_timeout"))
        .body("message", containsString("inventory-service"));
  }

  @Test
  void putsSecurityHeadersOnEveryResponse() {
    for (String path : List.of("/api/users", "/api/nothing", "/", "/q/health/live")) {
      Response response = given().get(path);
      assertThat(response.headers().getValues("Content-Security-Policy"))
          .as(path)
          .containsExactly(CSP);
      assertThat(response.headers().getValues("X-Frame-Options")).as(path).containsExactly("DENY");
      assertThat(response.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
      assertThat(response.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
      assertThat(response.header("Permissions-Policy")).as(path).contains("camera=()");
    }
  }

  @Test
  void makesHtmlPagesRevalidated() {
    // Quinoa sends every file as immutable for a day; index.html names the hashed assets, so a
    // stale one would keep a browser on the old front end after an upgrade.
    Response page = given().get("/api/users/page.html");
    page.then().statusCode(200);
    assertThat(page.headers().getValues("Cache-Control")).containsExactly("no-cache");
    Response json = given().get("/api/users");
    assertThat(json.header("Cache-Control")).isNull();
  }

  @Test
  void streamsLargeBodiesBothWays() throws Exception {
    byte[] upload = new byte[8 * 1024 * 1024];
    new Random(42).nextBytes(upload);
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpResponse<String> echoed =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(
                        "http://127.0.0.1:" + RestAssured.port + "/api/users/import"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(upload))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(echoed.statusCode()).isEqualTo(200);
    JsonObject seen = new JsonObject(echoed.body());
    assertThat(seen.getInteger("bodyLength")).isEqualTo(upload.length);
    assertThat(seen.getString("bodySha256")).isEqualTo(FakeServices.sha256(Buffer.buffer(upload)));

    int size = 32 * 1024 * 1024;
    byte[] body =
        http.send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:"
                                + RestAssured.port
                                + "/api/metrics/bytes?n="
                                + size))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray())
            .body();
    assertThat(body.length).isEqualTo(size);
    for (int i = 0; i < size; i += 4093) {
      assertThat(body[i]).as("byte %d", i).isEqualTo((byte) (i % 251));
    }
  }

  @Test
  void passesHeadAndOptionsThrough() throws Exception {
    var head =
        await(
            client
                .request(
                    new RequestOptions()
                        .setMethod(HttpMethod.HEAD)
                        .setPort(RestAssured.port)
                        .setHost("localhost")
                        .setURI("/api/ec2"))
                .compose(r -> r.send())
                .compose(r -> r.body().map(body -> java.util.Map.entry(r, body))));
    assertThat(head.getKey().statusCode()).isEqualTo(200);
    assertThat(head.getKey().getHeader("X-Upstream")).isEqualTo("inventory-service");
    assertThat(head.getValue().length()).isZero();

    given()
        .options("/api/users")
        .then()
        .statusCode(204)
        .header("Allow", "GET, POST, OPTIONS")
        .header("X-Upstream", "auth-service");
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
