package io.etherwatch.common.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns the failures every service shares into the {@code {"error","message"}} body: refusals,
 * malformed JSON, unknown routes and methods, wrong media types, and anything unexpected (logged,
 * never shown). Parser errors get a fixed text, because their own message quotes the request body,
 * which may hold a password. A service adds mappers only for its own exceptions.
 */
public class ErrorMappers {
  private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

  @ServerExceptionMapper
  public Response refused(ApiException e) {
    Response.ResponseBuilder response = body(e.status(), e.code(), e.getMessage());
    if (e.retryAfter() != null) {
      response.header(
          HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())));
    }
    if (e.status() == 401) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
    return response.build();
  }

  // Named apart: quarkus-rest-jackson has its own mapper for MismatchedInputException, which would
  // win.
  @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class})
  public Response malformedJson() {
    return body(400, "bad_request", "the request body is not the JSON this route expects").build();
  }

  @ServerExceptionMapper
  public Response http(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    Response.ResponseBuilder response =
        switch (status) {
          case 400 -> body(400, "bad_request", "the request is malformed");
          case 401 ->
              body(401, "unauthorized", "a valid bearer token is required (Authorization: Bearer)");
          case 403 -> body(403, "forbidden", "this token may not do that");
          case 404 -> body(404, "not_found", "no such route");
          case 405 -> body(405, "method_not_allowed", "this route does not answer that method");
          case 406 -> body(406, "not_acceptable", "this route answers application/json");
          case 415 -> body(415, "unsupported_media_type", "send the body as application/json");
          default ->
              status >= 500
                  ? body(status, "internal_error", "unexpected error; see the service log")
                  : body(status, "http_" + status, "the request was refused");
        };
    return response.build();
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e) {
    LOG.error("unexpected failure", e);
    return body(500, "internal_error", "unexpected error; see the service log").build();
  }

  /** A response with the error body, for a service's own mappers to finish (headers) and build. */
  public static Response.ResponseBuilder body(int status, String code, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ApiError(code, message));
  }
}
