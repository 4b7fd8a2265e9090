package io.etherwatch.tail.domain;

/**
 * The exit codes of {@code ./etherwatch tail}, one per kind of failure, so scripts can tell them
 * apart (listed in tail-cli/README.md).
 */
public final class ExitCode {
  /** Printed what was asked ({@code --no-follow}), or stopped with Ctrl-C / SIGTERM. */
  public static final int OK = 0;

  /** Something unexpected (a bug, an answer of a shape the client does not know). */
  public static final int INTERNAL = 1;

  /** A bad command line (picocli's own code for usage errors). */
  public static final int USAGE = 2;

  /** The login was refused (wrong user or password, throttled), or no password was to be had. */
  public static final int LOGIN = 3;

  /** The group is outside the token's {@code lg} claim, or the user lacks a needed role. */
  public static final int FORBIDDEN = 4;

  /** The group, or a named stream, does not exist. */
  public static final int NOT_FOUND = 5;

  /** A service did not answer (down, wrong URL) or answered {@code unavailable}. */
  public static final int UNREACHABLE = 6;

  /** The server refused the request as malformed: a bad cursor, an unsupported filter pattern. */
  public static final int BAD_REQUEST = 7;

  /** A server limit: too many streams, or too many replays at once for this user. */
  public static final int LIMIT = 8;

  private ExitCode() {}
}
