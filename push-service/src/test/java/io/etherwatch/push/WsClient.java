package io.etherwatch.push;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A WebSocket test client (Vert.x) that records every frame and how the connection closed. */
final class WsClient implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);
  private static final Vertx VERTX = Vertx.vertx();
  private static final WebSocketClient CLIENT =
      VERTX.createWebSocketClient(
          new WebSocketClientOptions()
              .setMaxMessageSize(256 * 1024 * 1024)
              .setMaxFrameSize(16 * 1024 * 1024)
              .setReceiveBufferSize(16 * 1024));

  private final WebSocket ws;
  private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();

  private WsClient(WebSocket ws) {
    this.ws = ws;
    ws.textMessageHandler(text -> frames.add(new JsonObject(text)));
    ws.closeHandler(
        v -> closed.complete(ws.closeStatusCode() == null ? -1 : (int) ws.closeStatusCode()));
  }

  static WsClient connect(URI ws, Map<String, String> headers, List<String> subprotocols) {
    Future<WebSocket> future = CLIENT.connect(options(ws, headers, subprotocols));
    try {
      return new WsClient(
          future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    } catch (Exception e) {
      throw new IllegalStateException("WebSocket connect failed", e);
    }
  }

  static WsClient withToken(URI ws, String token) {
    return connect(ws, Map.of("Authorization", "Bearer " + token), List.of());
  }

  /** The HTTP status of a refused upgrade; fails if the upgrade succeeded. */
  static int refusal(URI ws, Map<String, String> headers, List<String> subprotocols) {
    Future<WebSocket> future = CLIENT.connect(options(ws, headers, subprotocols));
    try {
      WebSocket socket = future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      socket.close();
      return 101;
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof UpgradeRejectedException rejected) {
        return rejected.getStatus();
      }
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static WebSocketConnectOptions options(
      URI ws, Map<String, String> headers, List<String> subprotocols) {
    WebSocketConnectOptions options =
        new WebSocketConnectOptions()
            .setHost(ws.getHost())
            .setPort(ws.getPort())
            .setAllowOriginHeader(headers.containsKey("Origin"))
            .setURI(ws.getRawPath() + (ws.getRawQuery() == null ? "" : "?" + ws.getRawQuery()));
    headers.forEach(options::addHeader);
    subprotocols.forEach(options::addSubProtocol);
    return options;
  }

  void send(JsonObject frame) {
    ws.writeTextMessage(frame.encode());
  }

  void sendRaw(String text) {
    ws.writeTextMessage(text);
  }

  /** The next frame; fails after {@link #WAIT} without one. */
  JsonObject next() {
    try {
      JsonObject frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (frame == null) {
        throw new AssertionError("no frame within " + WAIT);
      }
      return frame;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next frame of {@code type}, skipping others. */
  JsonObject next(String type) {
    return next(f -> type.equals(f.getString("type")));
  }

  JsonObject next(Predicate<JsonObject> wanted) {
    while (true) {
      JsonObject frame = next();
      if (wanted.test(frame)) {
        return frame;
      }
    }
  }

  /** A frame if one is already waiting or arrives within {@code wait}; null otherwise. */
  JsonObject poll(Duration wait) throws InterruptedException {
    return frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Every frame received and not yet taken, in order. */
  List<JsonObject> received() {
    List<JsonObject> all = new java.util.ArrayList<>();
    frames.drainTo(all);
    return all;
  }

  /** Sends a request and returns its reply. */
  JsonObject request(JsonObject request) {
    send(request.put("type", "LOG_STREAM_REQUEST"));
    String requestId = request.getString("requestId");
    return next(
        f ->
            "LOG_STREAM_REPLY".equals(f.getString("type"))
                && requestId.equals(f.getString("requestId")));
  }

  /** Subscribes and returns the subscription id (fails on a refusal). */
  String subscribe(JsonObject request) {
    JsonObject reply = request(request);
    if (!reply.getBoolean("success")) {
      throw new AssertionError("subscription refused: " + reply);
    }
    return reply.getString("subscriptionId");
  }

  /** The close code once the server has closed the connection. */
  int closeCode() {
    try {
      return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("connection not closed within " + WAIT, e);
    }
  }

  boolean isClosed() {
    return closed.isDone();
  }

  /** Stops reading from the socket, as a client that hangs does. */
  void pause() {
    ws.pause();
  }

  void resume() {
    ws.resume();
  }

  String subprotocol() {
    return ws.subProtocol();
  }

  @Override
  public void close() {
    if (!ws.isClosed()) {
      ws.close();
    }
  }
}
