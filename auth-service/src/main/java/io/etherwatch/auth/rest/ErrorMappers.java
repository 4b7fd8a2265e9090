package io.etherwatch.auth.rest;

import static io.etherwatch.common.rest.ErrorMappers.body;

import io.etherwatch.auth.repository.DatabaseException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * auth-service's own failure; the shared ones are mapped by service-common's {@code ErrorMappers}.
 */
public class ErrorMappers {
  private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

  @ServerExceptionMapper
  public Response database(DatabaseException e) {
    LOG.warn("database unavailable", e);
    return body(503, "unavailable", "The user database is unavailable; try again").build();
  }
}
