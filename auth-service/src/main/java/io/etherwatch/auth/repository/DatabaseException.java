package io.etherwatch.auth.repository;

import java.sql.SQLException;

/** A database failure; the REST layer answers it with 503, never with the SQL text. */
public class DatabaseException extends RuntimeException {
  public DatabaseException(SQLException cause) {
    super(cause.getMessage(), cause);
  }
}
