package io.etherwatch.ingest.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every 4xx/5xx body is {@code {"error","message"}}: never a stack trace (DESIGN section 3). */
public class ErrorMapper {
  private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

  /** The body of every error answer. */
  public record ErrorBody(String error, String message) {}

  @ServerExceptionMapper
  public Response map(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    String code =
        switch (status) {
          case 404 -> "not_found";
          case 405 -> "method_not_allowed";
          case 406, 415 -> "unsupported_media_type";
          default -> status < 500 ? "bad_request" : "internal_error";
        };
    return json(status, code, Response.Status.fromStatusCode(status).getReasonPhrase());
  }

  @ServerExceptionMapper
  public Response map(RuntimeException e) {
    LOG.error("request failed", e);
    return json(500, "internal_error", "the service failed to answer; see its log");
  }

  private static Response json(int status, String code, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(new ErrorBody(code, message))
        .build();
  }
}
