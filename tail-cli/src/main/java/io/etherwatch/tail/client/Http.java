package io.etherwatch.tail.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** The JSON-over-HTTP calls of the CLI, with one timeout and one way of reading error bodies. */
final class Http {
  static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final HttpClient client;
  private final ObjectMapper json;

  Http(HttpClient client, ObjectMapper json) {
    this.client = client;
    this.json = json;
  }

  /** An answer: the status and the body parsed as JSON (a missing node when it is not JSON). */
  record Answer(int status, JsonNode body, HttpResponse<String> response) {
    /** The body's {@code error} code ({@code {"error","message"}}, DESIGN section 3), or null. */
    String error() {
      return body.hasNonNull("error") ? body.get("error").asText() : null;
    }

    String message() {
      return body.path("message").asText("HTTP " + status);
    }
  }

  Answer send(HttpRequest.Builder request, String what) {
    HttpRequest built = request.timeout(TIMEOUT).header("Accept", "application/json").build();
    HttpResponse<String> response;
    try {
      response = client.send(built, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new Unanswered(what + " did not answer within " + TIMEOUT.toSeconds() + " s", e);
    } catch (IOException e) {
      throw new Unanswered(
          "cannot reach " + what + " at " + origin(built.uri()) + " (" + describe(e) + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unanswered("interrupted while asking " + what, e);
    }
    JsonNode body;
    try {
      body = json.readTree(response.body());
    } catch (IOException e) {
      body = json.missingNode();
    }
    if (body == null) {
      body = json.missingNode();
    }
    Answer answer = new Answer(response.statusCode(), body, response);
    int status = response.statusCode();
    boolean ours = answer.error() != null;
    if ((status == 404 || status == 405) && !ours || status == 502 && !ours || status == 504) {
      throw new Unanswered(
          origin(built.uri())
              + " does not serve "
              + built.uri().getPath()
              + " (HTTP "
              + status
              + ")");
    }
    return answer;
  }

  JsonNode parse(String text) throws IOException {
    return json.readTree(text);
  }

  ObjectMapper json() {
    return json;
  }

  static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getAuthority();
  }

  static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException
          || t instanceof java.nio.channels.ClosedChannelException) {
        return "connection refused";
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getMessage() == null) {
      root = root.getCause();
    }
    String name = root.getClass().getSimpleName();
    return root.getMessage() == null ? name : name + ": " + root.getMessage();
  }
}
