package io.etherwatch.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fuzz run against a small server of the test's own, whose OpenAPI document names routes that
 * answer 500, a bare 404, the {@code {"error","message"}} 404, and a users route whose example is
 * the protected name.
 */
class SchemathesisTest {
  private static final String OPENAPI =
      """
      {"openapi": "3.0.3", "info": {"title": "fuzz target", "version": "1"},
       "paths": {
        "/boom": {"get": {"parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
                          "responses": {"200": {"description": "never"}}}},
        "/bare": {"get": {"parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
                          "responses": {"200": {"description": "never"}}}},
        "/users/{username}": {"delete": {
          "parameters": [{"name": "username", "in": "path", "required": true,
                          "schema": {"type": "string", "example": "Admin"}}],
          "responses": {"204": {"description": "deleted"}, "404": {"description": "no such user"}}}}
       }}
      """;

  private final List<String> usernames = new CopyOnWriteArrayList<>();
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void reportsServerErrorsAndBareClientErrorsWithTheRequestsThatReproduceThem() throws IOException {
    URI base = serve();

    Schemathesis.Result result =
        Schemathesis.against(base)
            .openApi("/openapi.json")
            .excludeOperation("DELETE", "/users/{username}")
            .maxTime(Duration.ofSeconds(20))
            .run();

    assertThat(result.passed()).isFalse();
    assertThat(result.failures())
        .contains(" /boom", "Server error", " /bare", "error_body_shape")
        .contains("curl -X ")
        .contains(base.resolve("/boom").toString());
    assertThatThrownBy(result::assertNoServerErrors)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("/boom");
  }

  @Test
  void passesWhenEveryAnswerIsBelow500AndShapedAndNeverSendsAProtectedUsername()
      throws IOException {
    URI base = serve();

    Schemathesis.against(base)
        .openApi("/openapi.json")
        .excludeOperation("GET", "/boom")
        .excludeOperation("GET", "/bare")
        .protectUsernames("admin")
        .maxTime(Duration.ofSeconds(20))
        .run()
        .assertNoServerErrors();

    assertThat(usernames).isNotEmpty().contains("fuzz-stand-in");
    assertThat(usernames).noneMatch(name -> name.strip().toLowerCase(Locale.ROOT).equals("admin"));
  }

  private URI serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/openapi.json", exchange -> answer(exchange, 200, "application/json", OPENAPI));
    server.createContext(
        "/boom",
        exchange ->
            answer(
                exchange,
                500,
                "application/json",
                "{\"error\":\"internal_error\",\"message\":\"boom\"}"));
    server.createContext("/bare", exchange -> answer(exchange, 404, "text/plain", "nope"));
    server.createContext(
        "/users/",
        exchange -> {
          String raw = exchange.getRequestURI().getRawPath().substring("/users/".length());
          usernames.add(URLDecoder.decode(raw, StandardCharsets.UTF_8));
          answer(
              exchange,
              404,
              "application/json",
              "{\"error\":\"not_found\",\"message\":\"no such user\"}");
        });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  private static void answer(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (exchange) {
      exchange.getResponseBody().write(bytes);
    }
  }
}
