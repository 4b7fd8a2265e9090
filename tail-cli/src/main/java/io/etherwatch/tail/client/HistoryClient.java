package io.etherwatch.tail.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.tail.domain.ExitCode;
import io.etherwatch.tail.domain.TailException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * inventory-service's history search (DESIGN section 4, {@code GET /api/log/events?group=}, the
 * form that carries every group name): every page from {@code start} to {@code end}, in time order,
 * each event handed to {@code sink}, then each page to {@code pageDone}.
 */
public final class HistoryClient {
  private static final int PAGE = 10_000;
  private static final int UNAVAILABLE_RETRIES = 5;

  private final Http http;
  private final URI base;
  private final Credentials credentials;

  public HistoryClient(HttpClient client, ObjectMapper json, URI base, Credentials credentials) {
    this.http = new Http(client, json);
    this.base = base;
    this.credentials = credentials;
  }

  /** Reads every page; the number of events. */
  public long read(
      String group,
      List<String> streams,
      String filter,
      long start,
      long end,
      Consumer<JsonNode> sink,
      Runnable pageDone) {
    long count = 0;
    String next = null;
    do {
      StringBuilder query = new StringBuilder("/api/log/events?group=").append(enc(group));
      streams.forEach(s -> query.append("&streams=").append(enc(s)));
      query
          .append("&start=")
          .append(start)
          .append("&end=")
          .append(end)
          .append("&limit=")
          .append(PAGE);
      if (filter != null && !filter.isEmpty()) {
        query.append("&filterPattern=").append(enc(filter));
      }
      if (next != null) {
        query.append("&nextToken=").append(enc(next));
      }
      JsonNode page = page(URI.create(base + query.toString()));
      for (JsonNode event : page.path("events")) {
        sink.accept(event);
        count++;
      }
      pageDone.run();
      next = page.hasNonNull("nextToken") ? page.get("nextToken").asText() : null;
    } while (next != null);
    return count;
  }

  private JsonNode page(URI uri) {
    boolean relogged = false;
    for (int attempt = 0; ; attempt++) {
      Http.Answer answer =
          http.send(
              HttpRequest.newBuilder(uri)
                  .header("Authorization", "Bearer " + credentials.accessToken())
                  .GET(),
              "inventory-service");
      int status = answer.status();
      if (status == 200) {
        return answer.body();
      }
      if (status == 401 && !relogged) {
        credentials.relogin();
        relogged = true;
        continue;
      }
      if ((status == 503 || status == 429) && attempt < UNAVAILABLE_RETRIES) {
        sleep(answer.response().headers().firstValue("Retry-After").orElse("2"));
        continue;
      }
      String error = answer.error();
      if (error == null) {
        throw new TailException(
            status >= 500 ? ExitCode.UNREACHABLE : ExitCode.INTERNAL,
            "inventory-service answered HTTP " + status);
      }
      int code = status >= 500 ? ExitCode.UNREACHABLE : TailException.exitCodeOf(error);
      throw new TailException(code, error + ": " + answer.message());
    }
  }

  private static void sleep(String retryAfter) {
    long seconds;
    try {
      seconds = Math.min(30, Math.max(1, Long.parseLong(retryAfter.trim())));
    } catch (NumberFormatException e) {
      seconds = 2;
    }
    try {
      Thread.sleep(seconds * 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unanswered("interrupted while waiting for inventory-service", e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
