package io.etherwatch.tail.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.etherwatch.tail.domain.Backoff;
import io.etherwatch.tail.domain.ExitCode;
import io.etherwatch.tail.domain.TailException;
import io.etherwatch.tail.output.EventPrinter;
import io.etherwatch.tail.output.Notices;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Follows one subscription on push-service's WebSocket (DESIGN section 6) until the process is
 * stopped: prints every LOG_EVENTS frame and keeps its cursor, reconnects after a drop with backoff
 * and {@code resume} = the last cursor (so nothing is lost or printed twice), renews the token
 * before it expires and sends REAUTHENTICATE on the open socket, logs in again after TOKEN_EXPIRED
 * / 4401. Connection changes and GAPs go to stderr.
 */
public final class PushFollower {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  // push-service pings every 30 s: a connection silent for three of those is dead (a lost network).
  private static final Duration SILENCE_LIMIT = Duration.ofSeconds(95);
  private static final int CLOSE_TOKEN_EXPIRED = 4401;

  private final HttpClient http;
  private final ObjectMapper json;
  private final URI uri;
  private final Credentials credentials;
  private final Subscription subscription;
  private final EventPrinter printer;
  private final Notices notices;
  private final Backoff backoff;
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "tail-timers");
            t.setDaemon(true);
            return t;
          });

  /** Held while a frame is printed and its cursor kept, and by {@link #stop()}. */
  private final Object printLock = new Object();

  private volatile String cursor;
  private volatile Session current;
  private volatile long lastActivity = System.nanoTime();
  private volatile boolean stopped;
  private Long liveSince;
  private volatile boolean everSubscribed;
  private int requests;

  public PushFollower(
      HttpClient http,
      ObjectMapper json,
      URI uri,
      Credentials credentials,
      Subscription subscription,
      EventPrinter printer,
      Notices notices,
      Backoff backoff) {
    this.http = http;
    this.json = json;
    this.uri = uri;
    this.credentials = credentials;
    this.subscription = subscription;
    this.printer = printer;
    this.notices = notices;
    this.backoff = backoff;
    this.cursor = subscription.resume();
  }

  /** The cursor after the last frame printed, or the starting one, or null. */
  public String cursor() {
    return cursor;
  }

  /**
   * Ends following: no frame is printed after this returns; runs {@code last} (the resume hint)
   * while no frame can be printed. Called from the signal handler.
   */
  public void stop(Runnable last) {
    synchronized (printLock) {
      stopped = true;
      last.run();
      Session s = current;
      if (s != null) {
        s.abort("stopped");
      }
    }
  }

  /** Follows until stopped; {@link TailException} for what cannot be retried. */
  public void run() {
    scheduleRenewal();
    timers.scheduleAtFixedRate(this::watchSilence, 15, 15, TimeUnit.SECONDS);
    boolean relogged = false;
    while (!stopped) {
      Session session = new Session();
      Outcome outcome = session.run();
      if (stopped) {
        return;
      }
      if (outcome.fatal != null) {
        throw outcome.fatal;
      }
      if (outcome.tokenRefused) {
        // A token push-service refuses: log in again once at once, and give up if that is refused
        // too.
        if (relogged && !outcome.subscribed) {
          throw new TailException(
              ExitCode.LOGIN,
              "push-service refuses the tokens auth-service issues: " + outcome.why);
        }
        notices.say(outcome.why + "; logging in again");
        credentials.relogin();
        scheduleRenewal();
        relogged = true;
        continue;
      }
      relogged = false;
      if (!everSubscribed && outcome.unreachable) {
        throw new Unanswered("cannot reach push-service at " + uri + " (" + outcome.why + ")");
      }
      Duration delay = backoff.next();
      notices.say(
          outcome.why
              + "; reconnecting in "
              + String.format("%.1f", delay.toMillis() / 1000.0)
              + " s"
              + (cursor != null ? " (resuming from the last cursor)" : ""));
      sleep(delay);
    }
  }

  /** How a connection ended. */
  private static final class Outcome {
    TailException fatal;
    boolean tokenRefused;
    boolean unreachable;
    boolean subscribed;
    String why = "connection lost";
  }

  /** One connection: upgrade, subscribe, read until it ends. */
  private final class Session implements WebSocket.Listener {
    private final CompletableFuture<Outcome> done = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final Outcome outcome = new Outcome();
    private String requestId;
    private String subscribing;
    private volatile WebSocket ws;
    private CompletableFuture<?> sends = CompletableFuture.completedFuture(null);

    /** Sends after every earlier send of this connection (the JDK allows one at a time). */
    synchronized void send(String text) {
      WebSocket target = ws;
      if (target == null || target.isOutputClosed()) {
        return;
      }
      sends = sends.handle((r, e) -> null).thenCompose(x -> target.sendText(text, true));
    }

    /** Ends this connection from outside the listener (Ctrl-C, a silent connection). */
    void abort(String why) {
      outcome.why = why;
      done.complete(outcome);
      WebSocket target = ws;
      if (target != null) {
        target.abort();
      }
    }

    Outcome run() {
      current = this;
      try {
        http.newWebSocketBuilder()
            .header("Authorization", "Bearer " + credentials.accessToken())
            .connectTimeout(CONNECT_TIMEOUT)
            .buildAsync(uri, this)
            .get(CONNECT_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
      } catch (ExecutionException | CompletionException e) {
        current = null;
        return refused(e.getCause() != null ? e.getCause() : e);
      } catch (TimeoutException e) {
        current = null;
        outcome.unreachable = true;
        outcome.why = "push-service did not answer the upgrade";
        return outcome;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopped = true;
        return outcome;
      }
      lastActivity = System.nanoTime();
      try {
        return done.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopped = true;
        abort("interrupted");
        return outcome;
      } catch (ExecutionException e) {
        outcome.why = "connection failed: " + Http.describe(e.getCause());
        return outcome;
      } finally {
        current = null;
      }
    }

    private Outcome refused(Throwable cause) {
      if (cause instanceof WebSocketHandshakeException handshake) {
        int status = handshake.getResponse().statusCode();
        String body = String.valueOf(handshake.getResponse().body());
        if (status == 401) {
          outcome.tokenRefused = true;
          outcome.why = "push-service refused the token (HTTP 401)";
        } else if (status == 403) {
          outcome.fatal =
              new TailException(ExitCode.FORBIDDEN, "push-service refused the connection: " + body);
        } else {
          outcome.unreachable = status == 404 || status >= 500;
          outcome.why = "push-service answered the upgrade with HTTP " + status;
        }
        return outcome;
      }
      outcome.unreachable = true;
      outcome.why = cause instanceof ConnectException ? "connection refused" : Http.describe(cause);
      return outcome;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      ws = webSocket;
      requestId = "tail-" + (++requests);
      ObjectNode request = json.createObjectNode();
      request.put("type", "LOG_STREAM_REQUEST");
      request.put("requestId", requestId);
      request.put("logGroupName", subscription.group());
      var names = request.putArray("logStreamNames");
      subscription.streams().forEach(names::add);
      if (subscription.filter() != null && !subscription.filter().isEmpty()) {
        request.put("filterPattern", subscription.filter());
      }
      String from;
      if (cursor != null) {
        request.put("resume", cursor);
        from = "resuming from the last cursor";
      } else if (subscription.since().isPresent()) {
        request.put("since", subscription.since().getAsLong());
        from = "from " + Instant.ofEpochMilli(subscription.since().getAsLong());
      } else if (liveSince != null) {
        // Live, dropped before a first frame: what was committed since the first subscription.
        request.put("since", liveSince);
        from = "from " + Instant.ofEpochMilli(liveSince);
      } else {
        liveSince = System.currentTimeMillis();
        from = "live";
      }
      subscribing = from;
      send(request.toString());
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      lastActivity = System.nanoTime();
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        try {
          frame(webSocket, json.readTree(text));
        } catch (IOException e) {
          notices.say("push-service sent a frame that is not JSON; ignored");
        } catch (TailException e) {
          outcome.fatal = e;
          webSocket.abort();
          done.complete(outcome);
          return null;
        } catch (java.io.UncheckedIOException e) {
          // stdout closed (`| head`): the reader has what it wanted; end quietly, as tail(1) does.
          outcome.fatal = new TailException(ExitCode.OK, null, e);
          webSocket.abort();
          done.complete(outcome);
          return null;
        } catch (RuntimeException e) {
          outcome.fatal =
              new TailException(ExitCode.INTERNAL, "cannot print: " + Http.describe(e), e);
          webSocket.abort();
          done.complete(outcome);
          return null;
        }
      }
      webSocket.request(1);
      return null;
    }

    private void frame(WebSocket webSocket, JsonNode frame) {
      switch (frame.path("type").asText()) {
        case "LOG_EVENTS" -> {
          synchronized (printLock) {
            if (stopped) {
              return;
            }
            for (JsonNode event : frame.path("events")) {
              printer.print(event);
            }
            printer.flush();
            if (frame.hasNonNull("cursor")) {
              cursor = frame.get("cursor").asText();
            }
          }
        }
        case "LOG_STREAM_REPLY" -> reply(webSocket, frame);
        case "GAP" -> {
          String missed = frame.hasNonNull("missed") ? frame.get("missed").asText() : "unknown";
          notices.say("GAP " + frame.path("reason").asText("unknown") + " " + missed);
        }
        case "TOKEN_EXPIRED" -> outcome.tokenRefused = true;
        case "STOPPED" ->
            throw new TailException(
                ExitCode.FORBIDDEN,
                "push-service stopped the subscription: the renewed token no longer allows "
                    + subscription.group());
        case "ERROR" ->
            notices.say(
                "push-service: "
                    + frame.path("error").asText()
                    + ": "
                    + frame.path("message").asText());
        default -> {
          // AUTHENTICATED (after REAUTHENTICATE) and frames of later versions: nothing to print.
        }
      }
    }

    private void reply(WebSocket webSocket, JsonNode frame) {
      if (!requestId.equals(frame.path("requestId").asText())) {
        return;
      }
      if (frame.path("success").asBoolean()) {
        outcome.subscribed = true;
        everSubscribed = true;
        backoff.reset();
        notices.say(
            "connected to " + uri + ", following " + subscription.group() + " " + subscribing);
        return;
      }
      String error = frame.path("error").asText();
      String message = error + ": " + frame.path("message").asText();
      // Once following has worked, what may pass is waited out; before, it ends tail with its code.
      boolean transientError =
          everSubscribed && (error.equals("unavailable") || error.equals("limit"));
      if (transientError) {
        outcome.why = "push-service answered " + message;
        webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "");
        return;
      }
      throw new TailException(TailException.exitCodeOf(error), message);
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, java.nio.ByteBuffer message) {
      lastActivity = System.nanoTime();
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      if (statusCode == CLOSE_TOKEN_EXPIRED) {
        outcome.tokenRefused = true;
        outcome.why = "push-service closed the connection: token expired (4401)";
      } else if (outcome.why.equals("connection lost")) {
        outcome.why =
            "push-service closed the connection ("
                + statusCode
                + (reason == null || reason.isEmpty() ? "" : " " + reason)
                + ")";
      }
      done.complete(outcome);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      if (outcome.why.equals("connection lost")) {
        outcome.why = "connection lost (" + Http.describe(error) + ")";
      }
      done.complete(outcome);
    }
  }

  private ScheduledFuture<?> renewal;

  /** Plans the next token renewal at {@link Credentials#renewAt()}. */
  private synchronized void scheduleRenewal() {
    if (renewal != null) {
      renewal.cancel(false);
    }
    long delay = Math.max(0, Duration.between(Instant.now(), credentials.renewAt()).toMillis());
    renewal = timers.schedule(this::renew, delay, TimeUnit.MILLISECONDS);
  }

  private void renew() {
    try {
      String token = credentials.renew();
      Session s = current;
      if (s != null) {
        s.send(
            json.createObjectNode().put("type", "REAUTHENTICATE").put("token", token).toString());
      }
      scheduleRenewal();
    } catch (Unanswered e) {
      // auth-service is away: try again shortly; if the token expires meanwhile, 4401 leads to a
      // new login.
      synchronized (this) {
        renewal = timers.schedule(this::renew, 5, TimeUnit.SECONDS);
      }
    } catch (RuntimeException e) {
      notices.say("cannot renew the token: " + e.getMessage());
      synchronized (this) {
        renewal = timers.schedule(this::renew, 30, TimeUnit.SECONDS);
      }
    }
  }

  private void watchSilence() {
    Session s = current;
    if (s != null && System.nanoTime() - lastActivity > SILENCE_LIMIT.toNanos()) {
      s.abort("no frame and no ping for " + SILENCE_LIMIT.toSeconds() + " s: connection lost");
    }
  }

  private void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = true;
    }
  }
}
