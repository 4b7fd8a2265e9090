package io.etherwatch.console.proxy;

import io.vertx.core.http.RequestOptions;
import java.net.URI;

/**
 * One service behind the console (DESIGN section 8), by the name users see in errors.
 *
 * @param name the service's name, e.g. {@code auth-service}
 * @param url its base URL, {@code http://host:port} or {@code https://host:port}, no path
 */
public record Upstream(String name, URI url) {

  public Upstream {
    String scheme = url.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)
        || url.getHost() == null
        || url.getRawPath() != null && !url.getRawPath().isEmpty() && !"/".equals(url.getRawPath())
        || url.getRawQuery() != null) {
      throw new IllegalArgumentException(
          "the URL of " + name + " must be http(s)://host:port without a path, not " + url);
    }
  }

  boolean ssl() {
    return "https".equals(url.getScheme());
  }

  int port() {
    return url.getPort() != -1 ? url.getPort() : ssl() ? 443 : 80;
  }

  /** Where a proxied request goes; the request line and headers are the client's. */
  RequestOptions requestOptions(long connectTimeoutMillis, long responseTimeoutMillis) {
    return new RequestOptions()
        .setHost(url.getHost())
        .setPort(port())
        .setSsl(ssl())
        .setConnectTimeout(connectTimeoutMillis)
        .setIdleTimeout(responseTimeoutMillis);
  }

  @Override
  public String toString() {
    return name + " (" + url.getHost() + ":" + port() + ")";
  }
}
