package io.etherwatch.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.etherwatch.logevent.LogEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SseStreamTest extends PushTestBase {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** One server-sent event: its id (null if none) and its data as a frame. */
  record Event(String id, JsonObject data) {}

  /** Reads an event stream on a thread of its own. */
  static final class SseClient implements AutoCloseable {
    final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final Stream<String> lines;

    SseClient(Stream<String> lines) {
      this.lines = lines;
      Thread reader =
          new Thread(
              () -> {
                String id = null;
                StringBuilder data = new StringBuilder();
                try {
                  for (String line : (Iterable<String>) lines::iterator) {
                    if (line.isEmpty()) {
                      if (data.length() > 0) {
                        events.add(new Event(id, new JsonObject(data.toString())));
                      }
                      id = null;
                      data.setLength(0);
                    } else if (line.startsWith("id:")) {
                      id = line.substring(3).strip();
                    } else if (line.startsWith("data:")) {
                      data.append(line.substring(5).strip());
                    }
                  }
                } catch (RuntimeException e) {
                  // the stream was closed by the test
                }
              });
      reader.setDaemon(true);
      reader.start();
    }

    Event next() throws InterruptedException {
      Event event = events.poll(WsClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (event == null) {
        throw new AssertionError("no server-sent event within " + WsClient.WAIT);
      }
      return event;
    }

    @Override
    public void close() {
      lines.close();
    }
  }

  private HttpRequest.Builder get(LogFixture fixture, String token) {
    return HttpRequest.newBuilder(
            http("/api/stream?group=" + URLEncoder.encode(fixture.group, StandardCharsets.UTF_8)))
        .header("Authorization", "Bearer " + token);
  }

  private SseClient open(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<Stream<String>> response = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
    return new SseClient(response.body());
  }

  private static List<LogEvent> numbered(LogFixture fixture, int from, int to) {
    List<LogEvent> events = new ArrayList<>();
    for (int i = from; i < to; i++) {
      events.add(fixture.event("s1", "n" + i));
    }
    return events;
  }

  private static List<String> read(SseClient client, int count, List<String> lastId)
      throws InterruptedException {
    List<String> messages = new ArrayList<>();
    while (messages.size() < count) {
      Event event = client.next();
      assertThat(event.data().getString("type")).isEqualTo("LOG_EVENTS");
      assertThat(event.id()).isEqualTo(event.data().getString("cursor"));
      event
          .data()
          .getJsonArray("events")
          .forEach(e -> messages.add(((JsonObject) e).getString("message")));
      lastId.add(event.id());
    }
    return messages;
  }

  @Test
  void deliversEventsAndResumesWithLastEventId() throws Exception {
    LogFixture fixture = LogFixture.create("sse", 1, "s1");
    String token = token("/etherwatch/test/*");
    List<String> ids = new ArrayList<>();
    try (SseClient client = open(get(fixture, token).build())) {
      Event reply = client.next();
      assertThat(reply.data().getString("type")).isEqualTo("LOG_STREAM_REPLY");
      assertThat(reply.data().getBoolean("success")).isTrue();
      fixture.produce(numbered(fixture, 0, 10));
      assertThat(read(client, 10, ids))
          .containsExactlyElementsOf(
              numbered(fixture, 0, 10).stream().map(LogEvent::message).toList());
    }
    fixture.produce(numbered(fixture, 10, 15));
    String lastId = ids.get(ids.size() - 1);
    try (SseClient client = open(get(fixture, token).header("Last-Event-ID", lastId).build())) {
      assertThat(client.next().data().getString("type")).isEqualTo("LOG_STREAM_REPLY");
      assertThat(read(client, 5, ids)).containsExactly("n10", "n11", "n12", "n13", "n14");
      fixture.produce(numbered(fixture, 15, 16));
      assertThat(read(client, 1, ids)).containsExactly("n15");
    }
  }

  @Test
  void refusesMissingTokenForbiddenGroupAndUnknownGroupWithErrorBody() throws Exception {
    LogFixture fixture = LogFixture.create("sse-refusals", 1, "s1");
    HttpResponse<String> noToken =
        HTTP.send(
            HttpRequest.newBuilder(http("/api/stream?group=x")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(noToken.body()).getString("error")).isEqualTo("unauthorized");
    HttpResponse<String> forbidden =
        HTTP.send(get(fixture, token("/other/*")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(forbidden.body()).getString("error")).isEqualTo("forbidden");
    HttpResponse<String> unknown =
        HTTP.send(
            HttpRequest.newBuilder(http("/api/stream?group=%2Fetherwatch%2Ftest%2Fnone"))
                .header("Authorization", "Bearer " + token("/etherwatch/test/*"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(unknown.body()).getString("error")).isEqualTo("not_found");
    HttpResponse<String> queryToken =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(http("/api/stream?group=x&access_token=abc").toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(queryToken.statusCode()).isEqualTo(400);
  }
}
