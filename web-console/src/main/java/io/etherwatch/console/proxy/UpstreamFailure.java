package io.etherwatch.console.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Turns an upstream that cannot be reached into an answer that names it: 502 {@code
 * upstream_unavailable} (refused, reset, closed before its response) or 504 {@code
 * upstream_timeout} (no connection or no response headers in time). The proxy alone would answer an
 * empty 502 that tells the user nothing.
 */
final class UpstreamFailure implements ProxyInterceptor {

  private static final Logger LOG = Logger.getLogger(UpstreamFailure.class);

  private final Upstream upstream;
  private final ObjectMapper json;

  UpstreamFailure(Upstream upstream, ObjectMapper json) {
    this.upstream = upstream;
    this.json = json;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    return context
        .sendRequest()
        .recover(
            failure -> {
              Answer answer = answer(failure);
              ProxyResponse response = context.request().release().response();
              response
                  .setStatusCode(answer.status())
                  .putHeader("Content-Type", "application/json")
                  .putHeader("Cache-Control", "no-store")
                  .setBody(Body.body(answer.body()));
              return Future.succeededFuture(response);
            });
  }

  /** Answers a request that never reached the proxy's pipeline (a WebSocket upgrade). */
  void respond(HttpServerResponse response, Throwable failure) {
    Answer answer = answer(failure);
    response
        .setStatusCode(answer.status())
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(answer.body());
  }

  private Answer answer(Throwable failure) {
    boolean timeout = isTimeout(failure);
    LOG.warnf("%s: %s", upstream, failure.toString());
    UpstreamError error =
        timeout
            ? new UpstreamError(
                "upstream_timeout", upstream.name() + " did not answer in time; try again")
            : new UpstreamError(
                "upstream_unavailable",
                upstream.name() + " is not reachable; it may be starting or restarting, try again");
    try {
      return new Answer(timeout ? 504 : 502, Buffer.buffer(json.writeValueAsBytes(error)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean isTimeout(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException || t instanceof io.netty.channel.ConnectTimeoutException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private record Answer(int status, Buffer body) {}
}
