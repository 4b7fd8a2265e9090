package io.etherwatch.inventory.rest;

import io.etherwatch.inventory.client.AwsCallException;
import io.etherwatch.inventory.config.InventoryConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * inventory-service's own failures (AWS, tokens) as {@code {"error","message"}}: no stack trace, no
 * raw AWS error. The shared ones are mapped by service-common's {@code ErrorMappers}.
 */
public class ErrorMappers {
  private final InventoryConfig config;

  ErrorMappers(InventoryConfig config) {
    this.config = config;
  }

  @ServerExceptionMapper
  public Response aws(AwsCallException e) {
    String retryAfter = Long.toString(Math.max(1, config.retryAfter().toSeconds()));
    return switch (e.kind()) {
      case THROTTLED, UNREACHABLE ->
          Response.fromResponse(
                  body(
                      503,
                      e.kind() == AwsCallException.Kind.THROTTLED
                          ? "aws_throttled"
                          : "aws_unreachable",
                      e.getMessage()))
              .header(HttpHeaders.RETRY_AFTER, retryAfter)
              .build();
      case ACCESS_DENIED -> body(502, "aws_access_denied", e.getMessage());
      case CREDENTIALS_REJECTED -> body(502, "aws_credentials_rejected", e.getMessage());
      case NOT_FOUND -> body(404, "not_found", e.getMessage());
      case INVALID_REQUEST -> body(400, "bad_request", e.getMessage());
      case FAILED -> body(502, "aws_error", e.getMessage());
    };
  }

  @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
  public Response unauthorized() {
    return Response.fromResponse(
            body(401, "unauthorized", "a valid bearer token is required (Authorization: Bearer)"))
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .build();
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return body(403, "forbidden", "your token has none of the roles viewer, operator, admin");
  }

  private static Response body(int status, String code, String message) {
    return io.etherwatch.common.rest.ErrorMappers.body(status, code, message).build();
  }
}
