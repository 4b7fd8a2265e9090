package io.etherwatch.tail.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.tail.domain.ExitCode;
import io.etherwatch.tail.domain.TailException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;

/**
 * auth-service's login and refresh (DESIGN section 3): {@code POST /api/authenticate} {@code
 * {"username","password"}} and {@code POST /api/token/refresh} {@code {"refreshToken"}}, both 201
 * with {@code {"token","expiresIn","refreshToken","refreshExpiresIn"}}.
 */
public final class AuthClient {
  /** A token pair; {@code expiresAt} is the access token's expiry by this machine's clock. */
  public record Tokens(String access, Instant expiresAt, Duration lifetime, String refresh) {}

  private final Http http;
  private final URI base;

  public AuthClient(HttpClient client, ObjectMapper json, URI base) {
    this.http = new Http(client, json);
    this.base = base;
  }

  public URI base() {
    return base;
  }

  /**
   * Logs in. {@link TailException} {@link ExitCode#LOGIN} when refused (401, 429 with its
   * Retry-After), {@link Unanswered} when auth-service is not there.
   */
  public Tokens login(String username, String password) {
    var body = http.json().createObjectNode().put("username", username).put("password", password);
    Http.Answer answer = http.send(post("/api/authenticate", body.toString()), "auth-service");
    return switch (answer.status()) {
      case 201, 200 -> tokens(answer);
      case 404, 405 -> throw notServed(answer, "/api/authenticate");
      case 401 ->
          throw new TailException(
              ExitCode.LOGIN,
              "login refused for user " + username + ": wrong user name or password");
      case 429 ->
          throw new TailException(
              ExitCode.LOGIN,
              "login refused for user "
                  + username
                  + ": too many failed logins, try again in "
                  + answer.response().headers().firstValue("Retry-After").orElse("a few")
                  + " s");
      default -> throw unexpected(answer, "login");
    };
  }

  /**
   * Trades {@code refreshToken} for a new pair (the old one is spent: rotation). {@link
   * TailException} {@link ExitCode#LOGIN} when refused (spent, revoked, past its absolute end).
   */
  public Tokens refresh(String refreshToken) {
    var body = http.json().createObjectNode().put("refreshToken", refreshToken);
    Http.Answer answer = http.send(post("/api/token/refresh", body.toString()), "auth-service");
    return switch (answer.status()) {
      case 201, 200 -> tokens(answer);
      case 404, 405 -> throw notServed(answer, "/api/token/refresh");
      case 400, 401 ->
          throw new TailException(ExitCode.LOGIN, "refresh refused: " + answer.message());
      default -> throw unexpected(answer, "token refresh");
    };
  }

  private HttpRequest.Builder post(String path, String json) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }

  private static Tokens tokens(Http.Answer answer) {
    var body = answer.body();
    if (!body.hasNonNull("token") || !body.hasNonNull("refreshToken")) {
      throw new TailException(ExitCode.INTERNAL, "auth-service answered a login without a token");
    }
    Duration lifetime = Duration.ofSeconds(body.path("expiresIn").asLong(1200));
    return new Tokens(
        body.get("token").asText(),
        Instant.now().plus(lifetime),
        lifetime,
        body.get("refreshToken").asText());
  }

  // auth-service always serves its routes: a 404/405, whatever its body, is another server (a
  // console that does not
  // proxy yet), which the caller may fall back from.
  private Unanswered notServed(Http.Answer answer, String path) {
    return new Unanswered(base + " does not serve " + path + " (HTTP " + answer.status() + ")");
  }

  private static TailException unexpected(Http.Answer answer, String what) {
    if (answer.status() >= 500) {
      return new Unanswered("auth-service failed the " + what + ": " + answer.message());
    }
    return new TailException(
        ExitCode.INTERNAL, "auth-service answered the " + what + " with HTTP " + answer.status());
  }
}
