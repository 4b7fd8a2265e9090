package io.etherwatch.auth.service;

import java.time.Duration;

/**
 * A refusal with the HTTP status, error code and human message the client sees; never carries what
 * the client sent.
 */
public class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final Duration retryAfter;

  public ApiException(int status, String code, String message) {
    this(status, code, message, null);
  }

  public ApiException(int status, String code, String message, Duration retryAfter) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "bad_request", message);
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

  /** For 429: when to try again, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
