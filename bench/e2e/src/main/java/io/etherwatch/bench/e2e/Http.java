package io.etherwatch.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The two HTTP calls of the canary: a login at auth-service and a JSON GET. */
final class Http {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /**
   * An access token from auth-service's {@code POST /api/authenticate} (DESIGN section 3).
   *
   * @throws IllegalStateException when the login is refused
   */
  String token(URI auth, String user, String password) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(auth.resolve("/api/authenticate"))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    JSON.writeValueAsString(Map.of("username", user, "password", password))))
            .build();
    HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "login as " + user + " at " + auth + " refused: HTTP " + r.statusCode());
    }
    return JSON.readTree(r.body()).path("token").asText();
  }

  /** The JSON of a GET, or a text saying why there is none (the report keeps either). */
  Object get(URI uri) {
    try {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return "HTTP " + r.statusCode();
      }
      JsonNode body = JSON.readTree(r.body());
      return JSON.convertValue(body, Object.class);
    } catch (IOException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e.toString();
    }
  }
}
