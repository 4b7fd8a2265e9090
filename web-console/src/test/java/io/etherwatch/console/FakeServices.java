package io.etherwatch.console;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Three small real HTTP servers on random ports standing in for auth-service, inventory-service and
 * push-service, so that the console's proxy can be checked byte for byte. Each answers with what it
 * received (part, method, URI as written, headers, body length and SHA-256); a few paths behave
 * like the real services' hard cases: an SSE stream that waits for the test, a WebSocket echo with
 * subprotocols and close codes, a response that never comes, a large body.
 */
public class FakeServices implements QuarkusTestResourceLifecycleManager {

  /** What a test may do with the running fakes; injected into fields of this type. */
  public static final class Control {
    private final Vertx vertx;
    private final Map<String, HttpServer> servers = new ConcurrentHashMap<>();
    private final Map<String, Integer> ports = new ConcurrentHashMap<>();
    private final Map<String, Promise<Void>> sseReleases = new ConcurrentHashMap<>();

    Control(Vertx vertx) {
      this.vertx = vertx;
    }

    public Vertx vertx() {
      return vertx;
    }

    /** Lets the SSE stream opened with {@code ?key=} write its second event. */
    public void releaseStream(String key) {
      release(key).tryComplete();
    }

    /** Stops a part's server: connections to its port are refused. */
    public void stop(String part) throws Exception {
      servers
          .remove(part)
          .close()
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    }

    /** Starts a stopped part again on the port it had. */
    public void start(String part) throws Exception {
      listen(part, ports.get(part));
    }

    private Promise<Void> release(String key) {
      return sseReleases.computeIfAbsent(key, k -> Promise.promise());
    }

    void listen(String part, int port) throws Exception {
      HttpServer server =
          vertx.createHttpServer(
              new HttpServerOptions()
                  .setHost("127.0.0.1")
                  .setPort(port)
                  .setWebSocketSubProtocols(List.of("bearer-token-carrier")));
      server.requestHandler(request -> handle(part, request));
      server.webSocketHandler(this::echo);
      server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      servers.put(part, server);
      ports.put(part, server.actualPort());
    }

    private void handle(String part, HttpServerRequest request) {
      String path = request.path();
      if (path.equals("/api/stream") && request.getParam("key") != null) {
        stream(request, request.getParam("key"));
      } else if (path.equals("/api/ec2/slow")) {
        // Never answers: the console must give up with 504.
        request.pause();
      } else if (path.equals("/api/users/page.html")) {
        request
            .response()
            .putHeader("Content-Type", "text/html;charset=UTF-8")
            .putHeader("Cache-Control", "public, immutable, max-age=86400")
            .end("<!doctype html><title>page</title>");
      } else if (path.equals("/api/metrics/bytes")) {
        bytes(request, Integer.parseInt(request.getParam("n")));
      } else {
        request.body().onSuccess(body -> echo(part, request, body));
      }
    }

    private void echo(String part, HttpServerRequest request, Buffer body) {
      JsonObject headers = new JsonObject();
      request
          .headers()
          .names()
          .forEach(n -> headers.put(n.toLowerCase(), new JsonArray(request.headers().getAll(n))));
      JsonObject answer =
          new JsonObject()
              .put("part", part)
              .put("method", request.method().name())
              .put("uri", request.uri())
              .put("headers", headers)
              .put("bodyLength", body.length())
              .put("bodySha256", sha256(body));
      var response =
          request
              .response()
              .putHeader("Content-Type", "application/json")
              // A service's own values of the console's headers must not survive the proxy.
              .putHeader("Content-Security-Policy", "default-src *")
              .putHeader("X-Frame-Options", "SAMEORIGIN")
              .putHeader("X-Upstream", part);
      if (request.method().name().equals("OPTIONS")) {
        response.putHeader("Allow", "GET, POST, OPTIONS").setStatusCode(204).end();
      } else {
        response.end(answer.encode());
      }
    }

    /** One event at once, the second when the test releases it and 5.5 s more have passed. */
    private void stream(HttpServerRequest request, String key) {
      var response =
          request
              .response()
              .setChunked(true)
              .putHeader("Content-Type", "text/event-stream")
              .putHeader("Cache-Control", "no-cache");
      response.write("id: 1\ndata: first\n\n");
      release(key)
          .future()
          .onSuccess(
              v ->
                  vertx.setTimer(
                      5500, t -> response.end("id: 2\ndata: second, after a silence\n\n")));
    }

    /** {@code n} bytes, i modulo 251 each, written in 64 KiB chunks as the socket drains. */
    private void bytes(HttpServerRequest request, int n) {
      var response = request.response().setChunked(true);
      write(response, 0, n);
    }

    private void write(io.vertx.core.http.HttpServerResponse response, int from, int n) {
      int at = from;
      while (at < n && !response.writeQueueFull()) {
        int end = Math.min(n, at + 65536);
        Buffer chunk = Buffer.buffer(end - at);
        for (int i = at; i < end; i++) {
          chunk.appendByte((byte) (i % 251));
        }
        response.write(chunk);
        at = end;
      }
      if (at >= n) {
        response.end();
        return;
      }
      int next = at;
      response.drainHandler(v -> write(response, next, n));
    }

    /**
     * Echoes text as {@code echo:<text>} and binary as is; answers {@code upgrade?} with what the
     * upgrade request carried; {@code close <code>} closes with that code and reason {@code asked}.
     */
    private void echo(ServerWebSocket ws) {
      MultiMap h = ws.headers();
      String upgrade =
          new JsonObject()
              .put("origin", h.get("Origin"))
              .put("protocol", h.get("Sec-WebSocket-Protocol"))
              .put("forwardedFor", new JsonArray(h.getAll("X-Forwarded-For")))
              .put("uri", ws.uri())
              .encode();
      ws.textMessageHandler(
          text -> {
            if (text.equals("upgrade?")) {
              ws.writeTextMessage(upgrade);
            } else if (text.startsWith("close ")) {
              ws.close(Short.parseShort(text.substring(6)), "asked");
            } else {
              ws.writeTextMessage("echo:" + text);
            }
          });
      ws.binaryMessageHandler(ws::writeBinaryMessage);
    }
  }

  private Vertx vertx;
  private Control control;

  @Override
  public Map<String, String> start() {
    vertx = Vertx.vertx();
    control = new Control(vertx);
    try {
      for (String part : List.of("auth-service", "inventory-service", "push-service")) {
        control.listen(part, 0);
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the fake services", e);
    }
    return Map.of(
        "etherwatch.console.auth-url", "http://127.0.0.1:" + control.ports.get("auth-service"),
        "etherwatch.console.inventory-url",
            "http://127.0.0.1:" + control.ports.get("inventory-service"),
        "etherwatch.console.push-url", "http://127.0.0.1:" + control.ports.get("push-service"),
        "etherwatch.console.response-timeout", "5s");
  }

  @Override
  public void inject(TestInjector testInjector) {
    testInjector.injectIntoFields(control, new TestInjector.MatchesType(Control.class));
  }

  @Override
  public void stop() {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  static String sha256(Buffer body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
