package io.etherwatch.push.endpoint;

import io.etherwatch.push.config.PushConfig;
import io.etherwatch.push.service.TokenVerifier;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a WebSocket upgrade to {@code /ws} before it happens: no token in the query string, an
 * allowed {@code Origin} when one is sent, and a valid token when {@code Authorization} is sent
 * (directly or through the {@code quarkus-http-upgrade} subprotocol carrier, which Quarkus has
 * turned into the header by now). Refusals are plain HTTP answers with the usual error body.
 */
@ApplicationScoped
public class UpgradeGuard {
  private static final Set<String> TOKEN_PARAMS =
      Set.of("token", "access_token", "accesstoken", "jwt", "bearer", "authorization", "id_token");
  private static final Pattern JWT_SHAPE = Pattern.compile("eyJ[\\w-]+\\.[\\w-]+\\.[\\w-]*");

  private final TokenVerifier verifier;
  private final Set<String> allowedOrigins;

  public UpgradeGuard(TokenVerifier verifier, PushConfig config) {
    this.verifier = verifier;
    this.allowedOrigins = Set.copyOf(config.allowedOrigins());
  }

  // Order -1: after the subprotocol-to-header filter, before the WebSocket endpoint.
  void install(@Observes Router router) {
    router.route("/ws").order(-1).handler(this::check);
  }

  void check(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (tokenInQuery(ctx)) {
      refuse(ctx, 401, "token_in_query", "tokens in the query string are refused: use a header");
    } else if (request.getHeader(HttpHeaders.ORIGIN) != null
        && !allowedOrigins.contains(request.getHeader(HttpHeaders.ORIGIN))) {
      refuse(ctx, 403, "origin_not_allowed", "this Origin may not open the stream");
    } else if (request.getHeader(HttpHeaders.AUTHORIZATION) != null
        && verifier
            .verify(TokenVerifier.bearer(request.getHeader(HttpHeaders.AUTHORIZATION)))
            .isEmpty()) {
      refuse(ctx, 401, "unauthorized", "the access token is missing, invalid or expired");
    } else {
      ctx.next();
    }
  }

  private static boolean tokenInQuery(RoutingContext ctx) {
    for (var param : ctx.queryParams()) {
      if (TOKEN_PARAMS.contains(param.getKey().toLowerCase(Locale.ROOT))
          || JWT_SHAPE.matcher(param.getValue()).find()) {
        return true;
      }
    }
    return false;
  }

  private static void refuse(RoutingContext ctx, int status, String error, String message) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(new JsonObject().put("error", error).put("message", message).encode());
  }
}
