package io.etherwatch.tail.output;

import java.io.PrintStream;

/**
 * Everything that is not an event goes to stderr, one line each, prefixed {@code etherwatch tail:}:
 * connection changes, GAP notices, the resume hint, the one error line of a failure. Stdout carries
 * events only, so a pipe sees nothing else.
 */
public final class Notices {
  private final PrintStream err;

  public Notices(PrintStream err) {
    this.err = err;
  }

  public synchronized void say(String message) {
    err.println("etherwatch tail: " + message);
    err.flush();
  }
}
