package io.etherwatch.inventory.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.etherwatch.inventory.client.AwsCallException;
import io.etherwatch.inventory.config.InventoryConfig;
import io.etherwatch.inventory.service.ApiException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into {@code {"error","message"}}: no stack trace, no raw AWS error. */
public class ErrorMappers {
  private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

  private final InventoryConfig config;

  ErrorMappers(InventoryConfig config) {
    this.config = config;
  }

  @ServerExceptionMapper
  public Response refused(ApiException e) {
    return body(e.status(), e.code(), e.getMessage());
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

  @ServerExceptionMapper
  public Response malformedJson(JsonProcessingException e) {
    return body(400, "bad_request", "the body is not the JSON this route expects");
  }

  @ServerExceptionMapper
  public Response http(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    return switch (status) {
      case 404 -> body(404, "not_found", "no such route");
      case 405 -> body(405, "method_not_allowed", "this route does not answer that method");
      case 406 -> body(406, "not_acceptable", "this route answers application/json");
      case 415 -> body(415, "unsupported_media_type", "send the body as application/json");
      case 400 -> body(400, "bad_request", "the request is malformed");
      default ->
          status >= 500
              ? body(status, "internal_error", "unexpected error; see the service log")
              : body(status, "http_" + status, "the request was refused");
    };
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e) {
    LOG.error("unexpected failure", e);
    return body(500, "internal_error", "unexpected error; see the service log");
  }

  private static Response body(int status, String code, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(new ApiError(code, message))
        .build();
  }
}
