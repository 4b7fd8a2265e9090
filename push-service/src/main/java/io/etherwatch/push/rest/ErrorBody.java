package io.etherwatch.push.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The error body of every Etherwatch service: {@code {"error","message"}}. */
public record ErrorBody(String error, String message) {

  static WebApplicationException as(int status, String error, String message) {
    return new WebApplicationException(
        Response.status(status)
            .type(MediaType.APPLICATION_JSON)
            .entity(new ErrorBody(error, message))
            .build());
  }
}
