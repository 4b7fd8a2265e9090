package io.etherwatch.console.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

/**
 * Where web-console sends what it proxies, and what it says about itself (DESIGN sections 2, 8 and
 * 11). Upstream URLs are {@code http://host:port} or {@code https://host:port}, without a path.
 */
@ConfigMapping(prefix = "etherwatch.console")
public interface ConsoleConfig {

  /** auth-service: login, token refresh, logout, verify, users. */
  @WithDefault("http://127.0.0.1:8081")
  URI authUrl();

  /** inventory-service: EC2, metrics, log groups and streams. */
  @WithDefault("http://127.0.0.1:8082")
  URI inventoryUrl();

  /** push-service: the WebSocket {@code /ws} and the Server-Sent Events of {@code /api/stream}. */
  @WithDefault("http://127.0.0.1:8083")
  URI pushUrl();

  /** Longest wait for a connection to an upstream; past it the answer is 504. */
  @WithDefault("5s")
  Duration connectTimeout();

  /**
   * Longest wait for an upstream's response headers once the request is sent; past it the answer is
   * 504. A response that has begun (an SSE stream, a WebSocket) is never cut by it.
   */
  @WithDefault("60s")
  Duration responseTimeout();

  /** Most connections to one upstream at once; each SSE stream and WebSocket holds one. */
  @WithDefault("1000")
  int maxUpstreamConnections();

  /**
   * The Content-Security-Policy of every response: no inline script, the API and the WebSocket on
   * this origin only, never framed.
   */
  @WithDefault(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self';"
          + " form-action 'self'; frame-ancestors 'none'")
  String contentSecurityPolicy();

  /** The Referrer-Policy of every response. */
  @WithDefault("no-referrer")
  String referrerPolicy();

  /** The Permissions-Policy of every response: the console needs none of these features. */
  @WithDefault("camera=(), microphone=(), geolocation=(), payment=(), usb=()")
  String permissionsPolicy();
}
