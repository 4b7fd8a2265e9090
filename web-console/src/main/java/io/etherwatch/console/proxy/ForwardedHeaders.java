package io.etherwatch.console.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;

/**
 * Says to a service who asked: replaces, never appends to, what the client wrote. The console is
 * the first hop of the local stack, so a client's own {@code X-Forwarded-For} is a claim nobody
 * checked (auth-service throttles logins per client address and believes loopback proxies).
 */
final class ForwardedHeaders {

  private ForwardedHeaders() {}

  /**
   * Rewrites the request's headers in place before they are copied upstream: {@code
   * X-Forwarded-For} (the TCP peer), {@code X-Forwarded-Proto}, {@code X-Forwarded-Host}; drops
   * {@code Forwarded}, {@code X-Forwarded-Port}, {@code X-Forwarded-Prefix} and {@code X-Real-IP}.
   */
  static void replace(HttpServerRequest request) {
    MultiMap headers = request.headers();
    headers.remove("Forwarded");
    headers.remove("X-Forwarded-Port");
    headers.remove("X-Forwarded-Prefix");
    headers.remove("X-Real-IP");
    SocketAddress peer = request.remoteAddress();
    if (peer != null && peer.hostAddress() != null) {
      headers.set("X-Forwarded-For", peer.hostAddress());
    } else {
      headers.remove("X-Forwarded-For");
    }
    headers.set("X-Forwarded-Proto", request.scheme() != null ? request.scheme() : "http");
    HostAndPort authority = request.authority();
    if (authority != null) {
      headers.set("X-Forwarded-Host", authority.toString());
    } else {
      headers.remove("X-Forwarded-Host");
    }
  }
}
