package io.etherwatch.tail.domain;

/**
 * A failure that ends the command: {@code message} is the one line printed on stderr, {@code
 * exitCode} one of {@link ExitCode}.
 */
public class TailException extends RuntimeException {
  private final int exitCode;

  public TailException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public TailException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  /** The exit code for a server's {@code error} code (DESIGN section 6, push.md). */
  public static int exitCodeOf(String error) {
    return switch (error == null ? "" : error) {
      case "not_found" -> ExitCode.NOT_FOUND;
      case "forbidden" -> ExitCode.FORBIDDEN;
      case "bad_request" -> ExitCode.BAD_REQUEST;
      case "limit" -> ExitCode.LIMIT;
      case "unauthorized", "invalid_token" -> ExitCode.LOGIN;
      case "unavailable" -> ExitCode.UNREACHABLE;
      default -> ExitCode.INTERNAL;
    };
  }
}
