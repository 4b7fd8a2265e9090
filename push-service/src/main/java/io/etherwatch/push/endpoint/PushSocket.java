package io.etherwatch.push.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.quarkus.arc.ClientProxy;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.impl.ContextInternal;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The {@code /ws} endpoint of DESIGN section 6: authentication (upgrade header, subprotocol carrier
 * or a first AUTHENTICATE frame), token expiry, and the client frames LOG_STREAM_REQUEST,
 * LOG_STREAM_STOP and REAUTHENTICATE. Malformed frames get an ERROR and the connection stays open.
 *
 * <p>What a client sends never makes the server hold more than the connection's send-queue bound
 * (DESIGN section 6): before authentication the only answer is the AUTHENTICATE one (AUTHENTICATED,
 * or close 4401), every other frame is dropped unanswered; client text is quoted in at most {@link
 * Frames#MAX_ECHO} characters; and a connection whose frames are refused (ERROR, a refusing reply,
 * or dropped before authentication) more than {@code max-refusals-per-minute} times in a minute is
 * closed with 1008.
 */
@WebSocket(path = "/ws")
public class PushSocket {
  static final int UNAUTHORIZED = 4401;
  static final int GOING_AWAY = 1001;
  static final int POLICY_VIOLATION = 1008;

  /** Longest {@code requestId} answered (it is repeated in the reply). */
  static final int MAX_REQUEST_ID = 128;

  private static final Logger LOG = Logger.getLogger(PushSocket.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TokenVerifier verifier;
  private final StreamService streams;
  private final PushMetrics metrics;
  private final PushConfig config;
  private final Vertx vertx;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  public PushSocket(
      TokenVerifier verifier,
      StreamService streams,
      PushMetrics metrics,
      PushConfig config,
      Vertx vertx) {
    this.verifier = verifier;
    this.streams = streams;
    // Outboxes report every delivery: to the bean itself, not through its CDI proxy.
    this.metrics = ClientProxy.unwrap(metrics);
    this.config = config;
    this.vertx = vertx;
  }

  @OnOpen
  void open(WebSocketConnection connection) {
    Session session = session(connection);
    String token = TokenVerifier.bearer(connection.handshakeRequest().header("Authorization"));
    Optional<Caller> caller = verifier.verify(token);
    if (caller.isPresent()) {
      authenticated(session, caller.get(), false);
    } else if (token != null) {
      close(session, UNAUTHORIZED, "invalid token");
    } else {
      session.authTimer =
          vertx.setTimer(
              config.authenticateTimeout().toMillis(),
              id -> {
                if (session.caller == null) {
                  close(session, UNAUTHORIZED, "no AUTHENTICATE frame in time");
                }
              });
    }
  }

  @OnTextMessage
  void message(String text, WebSocketConnection connection) {
    if (connection.isClosed()) {
      return;
    }
    Session session = session(connection);
    JsonNode frame;
    try {
      frame = JSON.readTree(text);
    } catch (java.io.IOException e) {
      frame = null;
    }
    JsonNode type = frame == null ? null : frame.get("type");
    String kind = type != null && type.isTextual() ? type.asText() : null;
    if (session.caller == null) {
      // Nothing but the AUTHENTICATE answer before authentication: what else such a client sends
      // is dropped unanswered (but counted), and the authenticate timeout closes it.
      if ("AUTHENTICATE".equals(kind) || "REAUTHENTICATE".equals(kind)) {
        authenticate(session, frame);
      } else {
        refuse(session, null);
      }
      return;
    }
    if (frame == null || !frame.isObject()) {
      refuse(session, Frames.error("malformed", "a frame is one JSON object"));
      return;
    }
    if (kind == null) {
      refuse(session, Frames.error("bad_request", "field type is required"));
      return;
    }
    switch (kind) {
      case "AUTHENTICATE", "REAUTHENTICATE" -> authenticate(session, frame);
      case "LOG_STREAM_REQUEST" -> request(session, frame);
      case "LOG_STREAM_STOP" -> stop(session, frame);
      default ->
          refuse(session, Frames.error("unknown_type", "unknown frame type " + Frames.echo(kind)));
    }
  }

  /**
   * Queues an answer that refuses the client's frame (ERROR or a refusing reply; null for a frame
   * dropped unanswered before authentication) and counts it: past {@code max-refusals-per-minute}
   * in a minute the connection is closed with 1008, so a client that sends junk in a loop costs a
   * bounded number of answers and of parsed frames.
   */
  private void refuse(Session session, String answer) {
    long now = System.currentTimeMillis();
    if (now - session.refusalWindowStart >= 60_000) {
      session.refusalWindowStart = now;
      session.refusals = 0;
    }
    if (++session.refusals > config.maxRefusalsPerMinute()) {
      close(session, POLICY_VIOLATION, "too many refused frames");
      return;
    }
    if (answer != null) {
      session.outbox.offer(answer);
    }
  }

  /**
   * Shutdown closes every connection with 1001 (going away) before the beans are destroyed: clients
   * reconnect at once, to another replica and from their last cursor, and no connection callback
   * runs after the container is gone (Quarkus logged an error with a stack trace per connection for
   * that). Quarkus fires this event first in its shutdown (quarkus.shutdown.delay-enabled), before
   * the HTTP server closes the connections with a plain 1000 and before the live reader stops.
   */
  void shutdown(@Observes ShutdownDelayInitiatedEvent event) {
    List<CompletableFuture<Boolean>> closing = new ArrayList<>();
    for (Session session : sessions.values()) {
      session.outbox.markClosed();
      // A close fails when the client is already gone (it closed at the same moment): fine.
      closing.add(
          session
              .connection
              .close(new CloseReason(GOING_AWAY, "server shutting down"))
              .subscribeAsCompletionStage()
              .thenApply(v -> true)
              .exceptionally(e -> false));
    }
    try {
      CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
          .get(config.shutdownCloseWait().toMillis(), TimeUnit.MILLISECONDS);
      long closed = closing.stream().filter(CompletableFuture::join).count();
      LOG.infof(
          "shutdown: closed %d connections with %d (%d were gone already)",
          closed, GOING_AWAY, closing.size() - closed);
    } catch (TimeoutException | ExecutionException e) {
      long done = closing.stream().filter(CompletableFuture::isDone).count();
      LOG.warnf(
          "shutdown: %d of %d connections closed within %s",
          done, closing.size(), config.shutdownCloseWait());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @OnClose
  void closed(WebSocketConnection connection) {
    Session session = sessions.remove(connection.id());
    if (session != null) {
      vertx.cancelTimer(session.authTimer);
      vertx.cancelTimer(session.expiryTimer);
      session.outbox.markClosed();
      streams.closeAll(session.id());
      metrics.closed(session.id());
    }
  }

  @OnError
  void error(WebSocketConnection connection, Throwable failure) {
    String message = String.valueOf(failure.getMessage());
    if (message.contains("max message size") || message.contains("Max frame length")) {
      connection
          .close(new CloseReason(1009, "frame larger than 64 KiB"))
          .subscribe()
          .with(v -> {}, e -> {});
    } else {
      LOG.debugf("connection %s failed: %s", connection.id(), failure);
    }
  }

  private Session session(WebSocketConnection connection) {
    return sessions.computeIfAbsent(
        connection.id(),
        id -> {
          Outbox outbox =
              new Outbox(
                  transport(connection),
                  metrics,
                  config.sendQueueBytes(),
                  config.slowConsumerCloseAfter().toMillis(),
                  lane());
          metrics.opened(id, outbox);
          return new Session(connection, outbox);
        });
  }

  /**
   * The connection's event loop (callbacks of a connection run on its context, so the first one
   * names it): its outbox works there, and writes need no hand-over between threads.
   */
  private static Executor lane() {
    Context context = Vertx.currentContext();
    return context instanceof ContextInternal internal ? internal.nettyEventLoop() : Runnable::run;
  }

  private static Outbox.Transport transport(WebSocketConnection connection) {
    WebSocketBase socket = VertxSocket.of(connection);
    return new Outbox.Transport() {
      @Override
      public CompletionStage<Void> send(Frame frame) {
        return socket != null
            ? VertxSocket.write(socket, frame).toCompletionStage()
            : connection.sendText(frame.text()).subscribeAsCompletionStage();
      }

      @Override
      public void close(int code, String reason) {
        connection.close(new CloseReason(code, reason)).subscribe().with(v -> {}, e -> {});
      }
    };
  }

  /**
   * AUTHENTICATE or REAUTHENTICATE. Before authentication a missing or refused token closes with
   * 4401; afterwards it gets ERROR {@code invalid_token} and the connection keeps its current token
   * and deadline. A token past its {@code exp} plus the clock-skew leeway is refused either way.
   */
  private void authenticate(Session session, JsonNode frame) {
    JsonNode token = frame.get("token");
    Caller current = session.caller;
    Optional<Caller> caller =
        token != null && token.isTextual() ? verifier.verify(token.asText()) : Optional.empty();
    if (caller.isEmpty()) {
      if (current == null) {
        close(session, UNAUTHORIZED, "invalid token");
      } else if (token == null || !token.isTextual()) {
        refuse(session, Frames.error("bad_request", "field token is required"));
      } else {
        refuse(session, Frames.error("invalid_token", "the token is invalid or expired"));
      }
      return;
    }
    if (current != null && !current.subject().equals(caller.get().subject())) {
      refuse(session, Frames.error("invalid_token", "the token is for another user"));
      return;
    }
    authenticated(session, caller.get(), true);
  }

  private void authenticated(Session session, Caller caller, boolean acknowledge) {
    vertx.cancelTimer(session.authTimer);
    vertx.cancelTimer(session.expiryTimer);
    session.caller = caller;
    long delay = Math.max(1, verifier.deadlineMillis(caller) - System.currentTimeMillis());
    session.expiryTimer =
        vertx.setTimer(
            delay,
            id -> {
              if (session.caller == caller) {
                session.outbox.finish(Frames.tokenExpired(), UNAUTHORIZED, "token expired");
              }
            });
    for (String stopped : streams.stopDisallowed(session.id(), caller)) {
      session.outbox.offer(Frames.stopped(stopped));
    }
    if (acknowledge) {
      session.outbox.offer(Frames.authenticated(caller));
    }
  }

  private void request(Session session, JsonNode frame) {
    JsonNode requestId = frame.get("requestId");
    if (requestId == null || requestId.isNull() || requestId.isContainerNode()) {
      refuse(session, Frames.error("bad_request", "field requestId is required"));
      return;
    }
    String id = requestId.asText();
    if (id.length() > MAX_REQUEST_ID) {
      refuse(
          session,
          Frames.error(
              "bad_request", "requestId is longer than " + MAX_REQUEST_ID + " characters"));
      return;
    }
    StreamRequest request;
    try {
      request = RequestFrame.parse(frame);
    } catch (IllegalArgumentException e) {
      refuse(session, Frames.replyError(id, "bad_request", e.getMessage()));
      return;
    }
    StreamService.Outcome outcome =
        streams.open(
            session.caller, session.id(), session.outbox, request, config.maxSubscriptions());
    if (outcome instanceof Refused refused) {
      refuse(session, Frames.replyError(id, refused.error(), refused.message()));
    } else if (outcome instanceof Accepted accepted) {
      streams.start(
          accepted, () -> session.outbox.offer(Frames.replyOk(id, accepted.subscription().id())));
    }
  }

  private void stop(Session session, JsonNode frame) {
    JsonNode id = frame.get("subscriptionId");
    if (id == null || !id.isTextual()) {
      refuse(session, Frames.error("bad_request", "field subscriptionId is required"));
    } else if (streams.stop(session.id(), id.asText())) {
      session.outbox.offer(Frames.stopped(id.asText()));
    } else {
      refuse(session, Frames.error("not_found", "no subscription " + Frames.echo(id.asText())));
    }
  }

  private void close(Session session, int code, String reason) {
    session.outbox.markClosed();
    session.connection.close(new CloseReason(code, reason)).subscribe().with(v -> {}, e -> {});
  }
}
