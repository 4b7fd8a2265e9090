package io.etherwatch.tail.client;

import io.etherwatch.tail.domain.ExitCode;
import io.etherwatch.tail.domain.TailException;

/**
 * A service did not answer as itself: no connection, a timeout, or a status no Etherwatch service
 * gives for the route (a bare 404 of a server that does not route the path, a proxy's 502–504).
 */
public class Unanswered extends TailException {
  public Unanswered(String message) {
    super(ExitCode.UNREACHABLE, message);
  }

  public Unanswered(String message, Throwable cause) {
    super(ExitCode.UNREACHABLE, message, cause);
  }
}
