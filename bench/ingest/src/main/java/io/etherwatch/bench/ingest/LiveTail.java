package io.etherwatch.bench.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One live subscription to a log group on push-service's {@code /ws} (DESIGN section 6), as a
 * non-browser client makes it: {@code Authorization: Bearer} on the upgrade, a {@code
 * LOG_STREAM_REQUEST} for every stream, each event of each {@code LOG_EVENTS} frame handed to
 * {@link Receipts} with the moment its frame arrived. GAP frames are counted.
 */
final class LiveTail implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String group;
  private final Receipts receipts;
  private final CompletableFuture<JsonNode> reply = new CompletableFuture<>();
  private final AtomicLong gaps = new AtomicLong();
  private final WebSocket socket;

  /**
   * Connects and subscribes; returns once the {@code LOG_STREAM_REPLY} said success.
   *
   * @throws IllegalStateException if the reply refused the request or did not come within 30 s
   */
  LiveTail(int port, String token, String group, Receipts receipts) throws Exception {
    this.group = group;
    this.receipts = receipts;
    socket =
        HTTP.newWebSocketBuilder()
            .header("Authorization", "Bearer " + token)
            .connectTimeout(Duration.ofSeconds(10))
            .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new Listener())
            .get(30, TimeUnit.SECONDS);
    ObjectNode request = JSON.createObjectNode();
    request.put("type", "LOG_STREAM_REQUEST");
    request.put("requestId", "bench-" + group);
    request.put("logGroupName", group);
    request.putArray("logStreamNames");
    socket.sendText(JSON.writeValueAsString(request), true).get(10, TimeUnit.SECONDS);
    JsonNode answer = reply.get(30, TimeUnit.SECONDS);
    if (!answer.path("success").asBoolean()) {
      throw new IllegalStateException(group + ": subscription refused: " + answer);
    }
  }

  /** GAP frames received. */
  long gaps() {
    return gaps.get();
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bench done").orTimeout(5, TimeUnit.SECONDS);
  }

  private void frame(String text, long at) {
    JsonNode frame;
    try {
      frame = JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    switch (frame.path("type").asText()) {
      case "LOG_STREAM_REPLY" -> reply.complete(frame);
      case "LOG_EVENTS" -> {
        for (JsonNode e : frame.path("events")) {
          receipts.received(group, e.path("message").asText(), at);
        }
      }
      case "GAP" -> gaps.incrementAndGet();
      default -> {}
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        long at = System.currentTimeMillis();
        String text = partial.toString();
        partial.setLength(0);
        frame(text, at);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      reply.completeExceptionally(
          new IllegalStateException(group + ": closed " + status + " " + reason));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      reply.completeExceptionally(error);
    }
  }
}
