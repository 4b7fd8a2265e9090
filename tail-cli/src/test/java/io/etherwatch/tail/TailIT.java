package io.etherwatch.tail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.logevent.LogEvent;
import io.etherwatch.testsupport.Ports;
import io.etherwatch.testsupport.SharedServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code etherwatch-tail.jar} against the packaged auth-service (PostgreSQL), push-service and
 * inventory-service, events written into Kafka as log-ingest-service writes them. Counts what was
 * printed: every event once, in order per stream, across a kill -9 of push-service and a token
 * renewal on the open connection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TailIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final List<String> STREAMS = List.of("ssh-in", "tcp-in", "udp-out");
  private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

  private final LocalStack stack = new LocalStack();
  private LogGroupFixture fixture;

  @BeforeAll
  void startStack() throws Exception {
    stack.start();
    fixture = new LogGroupFixture("tail", 3, STREAMS.toArray(String[]::new));
  }

  @AfterAll
  void closeFixture() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void followsAcrossPushKillAndTokenRenewalPrintingEveryEventOnce() throws Exception {
    Map<String, Integer> sent = new HashMap<>();
    try (TailProcess tail = tail(admin(), fixture.group, "--json", "--since", "now")) {
      tail.awaitStderr("connected to", WAIT);

      publish(sent, 40);
      awaitJsonLines(tail, 120);

      stack.killPush();
      tail.awaitStderr("reconnecting in", WAIT);
      publish(sent, 40); // committed while push-service is down
      stack.startPush();
      tail.awaitStderr("resuming from the last cursor", WAIT);
      long reconnected = System.nanoTime();
      publish(sent, 40);

      // The connection opened after the restart stays open past the expiry (and 1 s leeway) of the
      // token it was opened with: without a REAUTHENTICATE, push-service would close it with 4401.
      Duration pastExpiry = Duration.ofSeconds(LocalStack.TOKEN_LIFETIME_SECONDS + 3);
      while (System.nanoTime() - reconnected < pastExpiry.toNanos()) {
        Thread.sleep(500);
      }
      publish(sent, 10);
      String sentinel = "sentinel " + System.nanoTime();
      fixture.publish(
          List.of(LogEvent.of("sentinel", fixture.group, "ssh-in", now(), now(), sentinel)));
      tail.awaitStdout(sentinel, WAIT);

      List<JsonNode> printed = parse(tail.stdout());
      assertThat(printed).hasSize(3 * (40 + 40 + 40 + 10) + 1);
      assertEachOnceInOrder(printed.subList(0, printed.size() - 1), sent);
      assertThat(tail.stderr())
          .as("one connection before the kill, one after; the token renewed in place")
          .filteredOn(l -> l.contains("connected to"))
          .hasSize(2);
      assertThat(tail.stderr()).noneMatch(l -> l.contains("logging in again"));
      assertThat(tail.stderr()).noneMatch(l -> l.contains("GAP"));

      tail.interrupt();
      assertThat(tail.awaitExit(WAIT)).isZero();
      String hint = tail.stderr().get(tail.stderr().size() - 1);
      assertThat(hint).contains("resume with --resume ");
      String cursor = hint.substring(hint.indexOf("--resume ") + 9).trim();

      // The printed cursor continues right after the sentinel: only what came later is printed.
      // Plain lines this time: `timestamp stream message`.
      try (TailProcess resumed = tail(admin(), fixture.group, "--resume", cursor)) {
        resumed.awaitStderr("connected to", WAIT);
        fixture.publish(List.of(fixture.event("tcp-in", 9999)));
        resumed.awaitStdout("tcp-in #9999", WAIT);
        assertThat(resumed.stdout())
            .singleElement()
            .asString()
            .matches(TIME + " tcp-in tcp-in #9999");
        resumed.interrupt();
        assertThat(resumed.awaitExit(WAIT)).isZero();
      }
    }
  }

  @Test
  void noFollowPrintsHistoryAsLinesAndExitsThroughTheLocalFallback() throws Exception {
    long t = now() - 60_000;
    fixture.putLogEvents("ssh-in", t, List.of("history one", "history two"));
    fixture.putLogEvents("udp-out", t + 1000, List.of("history three"));
    // The origin answers nothing; the services' ports come from ETHERWATCH_<PART>_PORT.
    Map<String, String> env = new LinkedHashMap<>(admin());
    env.put("ETHERWATCH_AUTH_SERVICE_PORT", Integer.toString(stack.authPort));
    env.put("ETHERWATCH_PUSH_SERVICE_PORT", Integer.toString(stack.pushPort));
    env.put("ETHERWATCH_INVENTORY_SERVICE_PORT", Integer.toString(stack.inventoryPort));
    try (TailProcess tail =
        TailProcess.start(
            env,
            fixture.group,
            "--no-follow",
            "--since",
            "5m",
            "--url",
            "http://127.0.0.1:" + Ports.free())) {
      assertThat(tail.awaitExit(WAIT)).isZero();
      assertThat(tail.stdout())
          .hasSize(3)
          .allMatch(l -> l.matches(TIME + " (ssh-in|udp-out) history (one|two|three)"));
      assertThat(tail.stdout())
          .extracting(l -> l.substring(25))
          .containsExactly("ssh-in history one", "ssh-in history two", "udp-out history three");
      assertThat(tail.stderr())
          .anyMatch(l -> l.contains("using the local services"))
          .anyMatch(l -> l.contains("3 events"));
    }
    try (TailProcess json =
        tail(admin(), fixture.group, "ssh-in", "--no-follow", "--since", "5m", "--json")) {
      assertThat(json.awaitExit(WAIT)).isZero();
      assertThat(parse(json.stdout()))
          .extracting(e -> e.get("message").asText())
          .containsExactly("history one", "history two");
    }
  }

  @Test
  void scriptRunsTheJarWithTheLocalStacksDemoLogin() throws Exception {
    fixture.putLogEvents("tcp-in", now() - 30_000, List.of("seen through the script"));
    Path state = SharedServices.runDir().resolve("demo-state");
    Files.createDirectories(state);
    Files.writeString(state.resolve("admin-password"), stack.adminPassword + "\n");
    try (TailProcess tail =
        TailProcess.script(
            Map.of("ETHERWATCH_STATE", state.toString()),
            fixture.group,
            "tcp-in",
            "--no-follow",
            "--auth-url",
            stack.authUrl(),
            "--inventory-url",
            stack.inventoryUrl())) {
      assertThat(tail.awaitExit(WAIT)).as(String.join("\n", tail.stderr())).isZero();
      assertThat(tail.stdout())
          .singleElement()
          .asString()
          .endsWith(" tcp-in seen through the script");
    }
  }

  @Test
  void wrongPasswordExitsWithOneLine() throws Exception {
    try (TailProcess tail =
        tail(Map.of("ETHERWATCH_PASSWORD", "not the password at all"), fixture.group)) {
      assertThat(tail.awaitExit(WAIT)).isEqualTo(3);
      assertThat(tail.stderr()).singleElement().asString().contains("login refused for user admin");
      assertThat(tail.stdout()).isEmpty();
    }
  }

  @Test
  void unknownGroupExitsNotFound() throws Exception {
    try (TailProcess follow = tail(admin(), "etherwatch/no-such-group");
        TailProcess history = tail(admin(), "etherwatch/no-such-group", "--no-follow")) {
      assertThat(follow.awaitExit(WAIT)).isEqualTo(5);
      assertThat(follow.stderr())
          .singleElement()
          .asString()
          .startsWith("etherwatch tail: not_found");
      assertThat(history.awaitExit(WAIT)).isEqualTo(5);
      assertThat(history.stderr()).singleElement().asString().contains("not_found");
    }
  }

  @Test
  void groupOutsideTheUsersPatternsExitsForbidden() throws Exception {
    String login = login("admin", stack.adminPassword);
    String body =
        "{\"username\":\"narrow\",\"password\":\"narrow user passphrase\",\"roles\":[\"viewer\"],"
            + "\"logGroups\":[\"other/*\"]}";
    HttpResponse<String> created =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(stack.authUrl() + "/api/users"))
                    .header("Authorization", "Bearer " + login)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    try (TailProcess tail =
        tail(
            Map.of("ETHERWATCH_PASSWORD", "narrow user passphrase"),
            fixture.group,
            "--user",
            "narrow")) {
      assertThat(tail.awaitExit(WAIT)).isEqualTo(4);
      assertThat(tail.stderr()).singleElement().asString().contains("forbidden");
    }
  }

  @Test
  void serverDownExitsUnreachable() throws Exception {
    String nowhere = "http://127.0.0.1:" + Ports.free();
    try (TailProcess tail =
        TailProcess.start(admin(), fixture.group, "--url", nowhere, "--auth-url", nowhere)) {
      assertThat(tail.awaitExit(WAIT)).isEqualTo(6);
      assertThat(tail.stderr())
          .singleElement()
          .asString()
          .contains("cannot reach auth-service")
          .contains("connection refused");
    }
  }

  private TailProcess tail(Map<String, String> env, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--auth-url", stack.authUrl(),
            "--push-url", stack.pushUrl(),
            "--inventory-url", stack.inventoryUrl()));
    return TailProcess.start(env, all.toArray(String[]::new));
  }

  private Map<String, String> admin() {
    return Map.of("ETHERWATCH_PASSWORD", stack.adminPassword);
  }

  /** {@code perStream} more numbered events on every stream, in one transaction. */
  private void publish(Map<String, Integer> sent, int perStream) {
    List<LogEvent> events = new ArrayList<>();
    for (int i = 0; i < perStream; i++) {
      for (String stream : STREAMS) {
        events.add(fixture.event(stream, sent.merge(stream, 1, Integer::sum)));
      }
    }
    fixture.publish(events);
  }

  private static void awaitJsonLines(TailProcess tail, int count) {
    org.awaitility.Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> tail.stdout().size() >= count);
  }

  /** Each stream's events 1..sent exactly once and in order. */
  private static void assertEachOnceInOrder(List<JsonNode> printed, Map<String, Integer> sent) {
    Map<String, List<Integer>> byStream = new HashMap<>();
    for (JsonNode event : printed) {
      String id = event.get("eventId").asText();
      int n = Integer.parseInt(id.substring(id.lastIndexOf('-') + 1));
      byStream.computeIfAbsent(event.get("logStreamName").asText(), s -> new ArrayList<>()).add(n);
    }
    assertThat(byStream.keySet()).containsExactlyInAnyOrderElementsOf(sent.keySet());
    sent.forEach(
        (stream, count) ->
            assertThat(byStream.get(stream))
                .as("stream %s: zero missing, zero duplicated, in order", stream)
                .containsExactlyElementsOf(
                    java.util.stream.IntStream.rangeClosed(1, count).boxed().toList()));
  }

  private static List<JsonNode> parse(List<String> lines) throws Exception {
    List<JsonNode> events = new ArrayList<>();
    for (String line : lines) {
      events.add(JSON.readTree(line));
    }
    return events;
  }

  private String login(String user, String password) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(stack.authUrl() + "/api/authenticate"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            JSON.createObjectNode()
                                .put("username", user)
                                .put("password", password)
                                .toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body()).get("token").asText();
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
