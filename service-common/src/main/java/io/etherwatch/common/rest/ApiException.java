package io.etherwatch.common.rest;

import java.time.Duration;

/**
 * A refusal with the HTTP status, error code and human message the client sees. It never carries
 * what the client sent (a body may hold a password), and has no stack trace: it is an answer, not a
 * fault.
 */
public class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final Duration retryAfter;

  public ApiException(int status, String code, String message) {
    this(status, code, message, null);
  }

  /** With {@code retryAfter}, the answer carries {@code Retry-After} (429, 503). */
  public ApiException(int status, String code, String message, Duration retryAfter) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "bad_request", message);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, "forbidden", message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** When to try again, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
