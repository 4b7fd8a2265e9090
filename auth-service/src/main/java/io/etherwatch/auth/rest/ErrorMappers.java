package io.etherwatch.auth.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.etherwatch.auth.repository.DatabaseException;
import io.etherwatch.auth.service.ApiException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into the {@code {"error","message"}} body. Parser errors are answered with a
 * fixed text: their own message quotes the request body, which may hold a password.
 */
public class ErrorMappers {
  private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

  @ServerExceptionMapper
  public Response api(ApiException e) {
    Response.ResponseBuilder response = body(e.status(), e.code(), e.getMessage());
    if (e.retryAfter() != null) {
      response.header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfter().toSeconds()));
    }
    if (e.status() == 401) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
    return response.build();
  }

  @ServerExceptionMapper
  public Response json(JsonProcessingException e) {
    return malformed();
  }

  @ServerExceptionMapper
  public Response mismatched(MismatchedInputException e) {
    return malformed();
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    if (status == 400) {
      return malformed();
    }
    String code =
        switch (status) {
          case 401 -> "unauthorized";
          case 403 -> "forbidden";
          case 404 -> "not_found";
          case 405 -> "method_not_allowed";
          case 406 -> "not_acceptable";
          case 415 -> "unsupported_media_type";
          default -> status >= 500 ? "internal_error" : "bad_request";
        };
    String reason =
        Response.Status.fromStatusCode(status) == null
            ? "Request refused"
            : Response.Status.fromStatusCode(status).getReasonPhrase();
    return body(status, code, reason).build();
  }

  @ServerExceptionMapper
  public Response database(DatabaseException e) {
    LOG.warn("database unavailable", e);
    return body(503, "unavailable", "The user database is unavailable; try again").build();
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e) {
    LOG.error("unexpected failure", e);
    return body(500, "internal_error", "Internal error").build();
  }

  private static Response malformed() {
    return body(400, "bad_request", "The request body is not the expected JSON").build();
  }

  static Response.ResponseBuilder body(int status, String code, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorBody(code, message));
  }
}
