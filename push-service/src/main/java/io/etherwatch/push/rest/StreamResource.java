package io.etherwatch.push.rest;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.etherwatch.common.rest.ApiException;
import io.etherwatch.push.config.PushConfig;
import io.etherwatch.push.delivery.Outbox;
import io.etherwatch.push.domain.Caller;
import io.etherwatch.push.domain.Frame;
import io.etherwatch.push.domain.Frames;
import io.etherwatch.push.service.PushMetrics;
import io.etherwatch.push.service.StreamService;
import io.etherwatch.push.service.StreamService.Accepted;
import io.etherwatch.push.service.StreamService.Refused;
import io.etherwatch.push.service.StreamService.StreamRequest;
import io.etherwatch.push.service.TokenVerifier;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code GET /api/stream}: one subscription as Server-Sent Events for curl and other HTTP-only
 * clients. Each event's data is a WebSocket frame: first the LOG_STREAM_REPLY (the subscription is
 * live once it is sent), then LOG_EVENTS, GAP and finally TOKEN_EXPIRED. A LOG_EVENTS event's
 * {@code id:} is its cursor, so a reconnecting client's {@code Last-Event-ID} resumes right after
 * it.
 *
 * <p>For proxies: the response says {@code Cache-Control: no-cache} and {@code X-Accel-Buffering:
 * no} (nginx), and a stream with nothing to send gets a comment line ({@code : heartbeat}, no
 * {@code id:}) every {@code sse-heartbeat}, so an idle timeout (AWS ALB: 60 s) never cuts it.
 *
 * <p>{@code streams}: each repeated parameter is one name, taken as it is ({@code
 * streams=a,b&streams=c} is the two streams {@code a,b} and {@code c}); a single parameter is a
 * comma-separated list, where a comma that is part of a name is sent encoded ({@code %2C}).
 */
@Path("/api/stream")
public class StreamResource {
  private static final Set<String> TOKEN_PARAMS = Set.of("token", "access_token", "jwt");
  private static final Map<String, Integer> STATUS =
      Map.of(
          "bad_request", 400,
          "forbidden", 403,
          "not_found", 404,
          "limit", 429,
          "unavailable", 503);

  private static final Frame HEARTBEAT = Frame.comment("heartbeat");

  private final TokenVerifier verifier;
  private final StreamService streams;
  private final PushMetrics metrics;
  private final PushConfig config;
  private final Vertx vertx;

  public StreamResource(
      TokenVerifier verifier,
      StreamService streams,
      PushMetrics metrics,
      PushConfig config,
      Vertx vertx) {
    this.verifier = verifier;
    this.streams = streams;
    this.metrics = metrics;
    this.config = config;
    this.vertx = vertx;
  }

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(summary = "Stream a log group's events as Server-Sent Events")
  @APIResponse(responseCode = "200", description = "the event stream")
  @APIResponse(responseCode = "400", description = "bad_request or token_in_query")
  @APIResponse(responseCode = "401", description = "missing, invalid or expired token")
  @APIResponse(responseCode = "403", description = "group outside the token's lg claim")
  @APIResponse(responseCode = "404", description = "unknown group or stream")
  @APIResponse(responseCode = "429", description = "limit: more than 100 stream names")
  @APIResponse(responseCode = "503", description = "CloudWatch Logs did not answer")
  public void stream(
      @QueryParam("group") String group,
      @QueryParam("streams") List<String> streamParams,
      @QueryParam("filterPattern") String filterPattern,
      @QueryParam("since") String since,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @HeaderParam("Last-Event-ID") String lastEventId,
      @Context UriInfo uri,
      @Context HttpServerResponse response,
      @Context SseEventSink sink,
      @Context Sse sse) {
    if (uri.getQueryParameters().keySet().stream()
        .anyMatch(name -> TOKEN_PARAMS.contains(name.toLowerCase(java.util.Locale.ROOT)))) {
      throw new ApiException(
          400, "token_in_query", "tokens in the query string are refused: use a header");
    }
    Caller caller =
        verifier
            .verify(TokenVerifier.bearer(authorization))
            .orElseThrow(
                () ->
                    new ApiException(
                        401, "unauthorized", "the access token is missing, invalid or expired"));
    Long sinceMillis = null;
    if (since != null && !since.isBlank()) {
      try {
        sinceMillis = Long.parseLong(since.strip());
      } catch (NumberFormatException e) {
        throw new ApiException(400, "bad_request", "since must be epoch milliseconds");
      }
    }
    List<String> names = streamNames(streamParams, uri.getRequestUri().getRawQuery());
    String resume = lastEventId == null || lastEventId.isBlank() ? null : lastEventId.strip();
    String connectionId = "sse-" + UUID.randomUUID();
    Outbox outbox =
        new Outbox(
            transport(sink, sse),
            metrics,
            config.sendQueueBytes(),
            config.slowConsumerCloseAfter().toMillis());
    StreamService.Outcome outcome =
        streams.open(
            caller,
            connectionId,
            outbox,
            new StreamRequest(
                group, names, filterPattern, resume == null ? sinceMillis : null, resume),
            1);
    if (outcome instanceof Refused refused) {
      throw new ApiException(
          STATUS.getOrDefault(refused.error(), 400), refused.error(), refused.message());
    }
    metrics.opened(connectionId, outbox);
    SseBroadcaster closing = sse.newBroadcaster();
    long expiry =
        vertx.setTimer(
            Math.max(1, verifier.deadlineMillis(caller) - System.currentTimeMillis()),
            id -> outbox.finish(Frames.tokenExpired(), 4401, "token expired"));
    long heartbeat =
        vertx.setPeriodic(config.sseHeartbeat().toMillis(), id -> outbox.offerWhenIdle(HEARTBEAT));
    closing.onClose(
        closed -> {
          vertx.cancelTimer(expiry);
          vertx.cancelTimer(heartbeat);
          outbox.markClosed();
          streams.closeAll(connectionId);
          metrics.closed(connectionId);
        });
    closing.register(sink);
    // Written with the first event, before any byte of the body.
    response.putHeader("Cache-Control", "no-cache").putHeader("X-Accel-Buffering", "no");
    Accepted accepted = (Accepted) outcome;
    streams.start(accepted, () -> outbox.offer(Frames.replyOk(null, accepted.subscription().id())));
  }

  /**
   * The stream names of the request's {@code streams} parameters: each of several parameters is one
   * name, as decoded; a single one is split at the commas it has as sent ({@code rawQuery}), each
   * piece then URL-decoded, so {@code %2C} is a comma inside a name. Absent or blank: every stream.
   */
  static List<String> streamNames(List<String> decoded, String rawQuery) {
    if (decoded == null || decoded.isEmpty()) {
      return List.of();
    }
    if (decoded.size() > 1) {
      return List.copyOf(decoded);
    }
    if (decoded.get(0).isBlank()) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    try {
      for (String parameter : rawQuery.split("&")) {
        int eq = parameter.indexOf('=');
        if (eq > 0 && "streams".equals(URLDecoder.decode(parameter.substring(0, eq), UTF_8))) {
          for (String piece : parameter.substring(eq + 1).split(",", -1)) {
            names.add(URLDecoder.decode(piece, UTF_8).strip());
          }
        }
      }
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "bad_request", "streams is not a valid URL-encoded value");
    }
    return names;
  }

  private static Outbox.Transport transport(SseEventSink sink, Sse sse) {
    return new Outbox.Transport() {
      @Override
      public CompletionStage<Void> send(Frame frame) {
        if (sink.isClosed()) {
          return CompletableFuture.failedFuture(new IllegalStateException("client gone"));
        }
        if (frame.isComment()) {
          return sink.send(sse.newEventBuilder().comment(frame.text()).build())
              .thenApply(ignored -> null);
        }
        var event = sse.newEventBuilder().data(frame.text());
        if (frame.cursor() != null) {
          event.id(frame.cursor());
        }
        return sink.send(event.build()).thenApply(ignored -> null);
      }

      @Override
      public void close(int code, String reason) {
        sink.close();
      }
    };
  }
}
