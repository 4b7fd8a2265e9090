package io.etherwatch.console.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.console.config.ConsoleConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The single origin of the local stack (DESIGN sections 8 and 11): each path of {@link
 * ProxyRoute#TABLE} goes to its service through Vert.x's reverse proxy, which streams bodies both
 * ways as they come (an SSE event reaches the browser when push-service writes it), passes the
 * request URI as the client wrote it ({@code %2F} stays encoded) and tunnels WebSocket upgrades
 * with their {@code Sec-WebSocket-Protocol} and {@code Origin}. Any other {@code /api/} path is a
 * JSON 404; everything else falls through to the front end.
 */
@ApplicationScoped
public class ConsoleProxy {

  /** Before Quarkus' default routes and the front end's. */
  static final int FIRST_ROUTE_ORDER = RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT;

  private static final Logger LOG = Logger.getLogger(ConsoleProxy.class);

  private final ConsoleConfig config;
  private final ObjectMapper json;
  private final Vertx vertx;
  private HttpClient client;

  ConsoleProxy(ConsoleConfig config, ObjectMapper json, Vertx vertx) {
    this.config = config;
    this.json = json;
    this.vertx = vertx;
  }

  void mount(@Observes Router router) {
    client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                // The client's Host is not the service's; the service gets X-Forwarded-Host.
                .setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(config.maxUpstreamConnections()));
    Map<String, Upstream> upstreams =
        Map.of(
            ProxyRoute.AUTH, new Upstream(ProxyRoute.AUTH, config.authUrl()),
            ProxyRoute.INVENTORY, new Upstream(ProxyRoute.INVENTORY, config.inventoryUrl()),
            ProxyRoute.PUSH, new Upstream(ProxyRoute.PUSH, config.pushUrl()));
    int order = FIRST_ROUTE_ORDER;
    for (ProxyRoute route : ProxyRoute.TABLE) {
      Upstream upstream = upstreams.get(route.part());
      UpstreamFailure failure = new UpstreamFailure(upstream, json);
      RequestOptions options = requestOptions(upstream);
      HttpProxy proxy =
          HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(false), client)
              .origin(context -> client.request(new RequestOptions(options)))
              .addInterceptor(failure);
      router
          .route(route.path())
          .order(order++)
          .handler(rc -> forward(rc, proxy, upstream, options, failure));
    }
    byte[] notFound = notFound();
    router
        .route("/api/*")
        .order(order)
        .handler(
            rc ->
                rc.response()
                    .setStatusCode(404)
                    .putHeader("Content-Type", "application/json")
                    .end(io.vertx.core.buffer.Buffer.buffer(notFound)));
    LOG.infof(
        "proxying to %s, %s, %s",
        upstreams.get(ProxyRoute.AUTH),
        upstreams.get(ProxyRoute.INVENTORY),
        upstreams.get(ProxyRoute.PUSH));
  }

  void close(@Observes ShutdownEvent event) {
    if (client != null) {
      client.close();
    }
  }

  private RequestOptions requestOptions(Upstream upstream) {
    return upstream.requestOptions(
        config.connectTimeout().toMillis(), config.responseTimeout().toMillis());
  }

  private void forward(
      RoutingContext rc,
      HttpProxy proxy,
      Upstream upstream,
      RequestOptions options,
      UpstreamFailure failure) {
    HttpServerRequest request = rc.request();
    ForwardedHeaders.replace(request);
    if (!io.vertx.core.http.impl.HttpUtils.canUpgradeToWebSocket(request)) {
      proxy.handle(request);
      return;
    }
    // A WebSocket upgrade bypasses the proxy's interceptors, so the upstream connection is opened
    // first: a service that is down gets the same named 502/504 as any other request.
    request.pause();
    client
        .request(new RequestOptions(options))
        .onComplete(
            opened -> {
              if (opened.failed()) {
                request.resume();
                failure.respond(request.response(), opened.cause());
                return;
              }
              HttpClientRequest upstreamRequest = opened.result();
              HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(true), client)
                  .origin(context -> Future.succeededFuture(upstreamRequest))
                  .handle(request);
            });
  }

  private byte[] notFound() {
    try {
      return json.writeValueAsBytes(
          new UpstreamError("not_found", "no API at this path (see web-console/README.md)"));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
