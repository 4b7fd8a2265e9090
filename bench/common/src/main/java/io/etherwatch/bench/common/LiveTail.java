package io.etherwatch.bench.common;

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
 * {@link Receipts} with the moment its frame arrived (as the group's series, or as the series
 * {@code "<group> <stream>"} of its stream). GAP frames are counted, and a close is kept.
 */
public final class LiveTail implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String group;
  private final Receipts receipts;
  private final CompletableFuture<JsonNode> reply = new CompletableFuture<>();
  private final AtomicLong gaps = new AtomicLong();
  private final boolean perStream;
  private final WebSocket socket;
  private volatile String closed;

  /**
   * Connects and subscribes; returns once the {@code LOG_STREAM_REPLY} said success.
   *
   * @throws IllegalStateException if the reply refused the request or did not come within 30 s
   */
  public LiveTail(int port, String token, String group, Receipts receipts) throws Exception {
    this(port, token, group, receipts, false);
  }

  /**
   * As above; with {@code perStream} each event goes to the series {@code "<group> <stream>"}
   * ({@link #series}).
   */
  public LiveTail(int port, String token, String group, Receipts receipts, boolean perStream)
      throws Exception {
    this.group = group;
    this.receipts = receipts;
    this.perStream = perStream;
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

  /** The series of one stream of a group: {@code "<group> <stream>"}. */
  public static String series(String group, String stream) {
    return group + " " + stream;
  }

  /** GAP frames received. */
  public long gaps() {
    return gaps.get();
  }

  /** How the server closed the connection ({@code "<code> <reason>"}), or null while open. */
  public String closedWith() {
    return closed;
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
          String series = perStream ? series(group, e.path("logStreamName").asText()) : group;
          receipts.received(series, e.path("message").asText(), at);
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
      closed = status + " " + reason;
      reply.completeExceptionally(
          new IllegalStateException(group + ": closed " + status + " " + reason));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed = "error " + error;
      reply.completeExceptionally(error);
    }
  }
}
