package io.etherwatch.console.http;

import io.etherwatch.console.config.ConsoleConfig;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Puts the console's security headers on every response it serves: the front end, its own errors
 * and whatever a service answers through the proxy. They are set as the headers are written, so a
 * service's own value of one of them is replaced, never doubled. An HTML page ({@code index.html},
 * which every client route answers) is {@code Cache-Control: no-cache}: Quinoa marks every file
 * immutable for a day, right for the hashed {@code /assets/*} but not for the page that names them,
 * which must be revalidated after an upgrade.
 */
@ApplicationScoped
public class SecurityHeaders {

  private final ConsoleConfig config;

  SecurityHeaders(ConsoleConfig config) {
    this.config = config;
  }

  void mount(@Observes Router router) {
    router
        .route()
        .order(RouteConstants.ROUTE_ORDER_HEADERS)
        .handler(
            rc -> {
              rc.addHeadersEndHandler(v -> apply(rc.response().headers()));
              rc.next();
            });
  }

  private void apply(MultiMap headers) {
    headers
        .set("Content-Security-Policy", config.contentSecurityPolicy())
        .set("X-Content-Type-Options", "nosniff")
        .set("Referrer-Policy", config.referrerPolicy())
        .set("Permissions-Policy", config.permissionsPolicy())
        // For browsers older than CSP's frame-ancestors.
        .set("X-Frame-Options", "DENY")
        .set("Cross-Origin-Opener-Policy", "same-origin");
    String type = headers.get("Content-Type");
    if (type != null && type.startsWith("text/html")) {
      headers.set("Cache-Control", "no-cache");
    }
  }
}
