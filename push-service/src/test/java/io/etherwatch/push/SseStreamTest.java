package io.etherwatch.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.etherwatch.logevent.LogEvent;
import io.etherwatch.push.client.LogCatalog;
import io.etherwatch.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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
    final LinkedBlockingQueue<String> raw = new LinkedBlockingQueue<>();
    final Stream<String> lines;
    final HttpHeaders headers;

    SseClient(HttpResponse<Stream<String>> response) {
      this.lines = response.body();
      this.headers = response.headers();
      Thread reader =
          new Thread(
              () -> {
                String id = null;
                StringBuilder data = new StringBuilder();
                try {
                  for (String line : (Iterable<String>) lines::iterator) {
                    raw.add(line);
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
    return new SseClient(response);
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

  @ConfigProperty(name = "etherwatch.push.sse-heartbeat")
  Duration heartbeat;

  @ConfigProperty(name = "mp.jwt.verify.clock.skew")
  long leewaySeconds;

  @Test
  void quietStreamGetsCommentHeartbeatsWithoutIdAndProxyHeaders() throws Exception {
    LogFixture fixture = LogFixture.create("sse-heartbeat", 1, "s1");
    try (SseClient client = open(get(fixture, token("/etherwatch/test/*")).build())) {
      assertThat(client.headers.firstValue("Cache-Control")).hasValue("no-cache");
      assertThat(client.headers.firstValue("X-Accel-Buffering")).hasValue("no");
      assertThat(client.next().data().getString("type")).isEqualTo("LOG_STREAM_REPLY");
      client.raw.clear();
      List<String> lines = new ArrayList<>();
      long until = System.currentTimeMillis() + heartbeat.toMillis() * 3 + 500;
      while (System.currentTimeMillis() < until) {
        String line = client.raw.poll(100, TimeUnit.MILLISECONDS);
        if (line != null) {
          lines.add(line);
        }
      }
      assertThat(lines.stream().filter(line -> line.startsWith(":")).count())
          .isGreaterThanOrEqualTo(2);
      assertThat(lines).noneMatch(line -> line.startsWith("id:") || line.startsWith("data:"));
      fixture.produce(numbered(fixture, 0, 1));
      assertThat(read(client, 1, new ArrayList<>())).containsExactly("n0");
    }
  }

  @Test
  void streamNamedWithACommaIsSelectable() throws Exception {
    LogFixture fixture = LogFixture.create("sse-comma", 1, "a,b", "a", "b", "c");
    String token = token("/etherwatch/test/*");
    String group = "/api/stream?group=" + URLEncoder.encode(fixture.group, StandardCharsets.UTF_8);
    List<LogEvent> events =
        List.of(
            fixture.event("a", "to a"),
            fixture.event("b", "to b"),
            fixture.event("a,b", "to a,b"),
            fixture.event("c", "to c"));
    // Encoded comma: one name. Repeated parameters: each one name. Literal commas: a list.
    for (var query :
        List.of(
            List.of("&streams=a%2Cb", List.of("to a,b")),
            List.of("&streams=a,b&streams=c", List.of("to a,b", "to c")),
            List.of("&streams=a,c", List.of("to a", "to c")))) {
      HttpRequest request =
          HttpRequest.newBuilder(http(group + query.get(0)))
              .header("Authorization", "Bearer " + token)
              .build();
      try (SseClient client = open(request)) {
        assertThat(client.next().data().getString("type")).isEqualTo("LOG_STREAM_REPLY");
        fixture.produce(events);
        @SuppressWarnings("unchecked")
        List<String> wanted = (List<String>) query.get(1);
        assertThat(read(client, wanted.size(), new ArrayList<>()))
            .as(query.get(0).toString())
            .containsExactlyElementsOf(wanted);
      }
    }
  }

  @Test
  void sseEndsWithTokenExpiredAtExpPlusLeeway() throws Exception {
    LogFixture fixture = LogFixture.create("sse-expiry", 1, "s1");
    Instant exp = Instant.now().plusSeconds(3);
    String token =
        TestTokens.tokenExpiringAt("alice", Set.of("viewer"), List.of("/etherwatch/test/*"), exp);
    try (SseClient client = open(get(fixture, token).build())) {
      assertThat(client.next().data().getString("type")).isEqualTo("LOG_STREAM_REPLY");
      assertThat(client.next().data().getString("type")).isEqualTo("TOKEN_EXPIRED");
      long received = System.currentTimeMillis();
      long deadline = (exp.getEpochSecond() + leewaySeconds) * 1000;
      assertThat(received).isGreaterThanOrEqualTo(deadline).isLessThan(deadline + 10_000);
    }
  }

  @Test
  void moreStreamNamesThanTheCapAreRefusedWithLimit() throws Exception {
    LogFixture fixture = LogFixture.create("sse-cap", 1, "s1");
    for (int count : new int[] {LogCatalog.MAX_STREAM_NAMES + 1, 5_000}) {
      assertRefusedWithLimit(fixture, count);
    }
  }

  private void assertRefusedWithLimit(LogFixture fixture, int count) throws Exception {
    String names =
        String.join(
            ",", java.util.stream.IntStream.range(0, count).mapToObj(i -> "n" + i).toList());
    double calls = metric("etherwatch_push_aws_calls_total", "operation", "DescribeLogStreams");
    HttpResponse<String> refused =
        HTTP.send(
            HttpRequest.newBuilder(
                    http(
                        "/api/stream?group="
                            + URLEncoder.encode(fixture.group, StandardCharsets.UTF_8)
                            + "&streams="
                            + names))
                .header("Authorization", "Bearer " + token("/etherwatch/test/*"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
    assertThat(new JsonObject(refused.body()).getString("error")).isEqualTo("limit");
    assertThat(metric("etherwatch_push_aws_calls_total", "operation", "DescribeLogStreams"))
        .isEqualTo(calls);
  }
}
