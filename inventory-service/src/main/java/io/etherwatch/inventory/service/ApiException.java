package io.etherwatch.inventory.service;

/** A request the service refuses, with the HTTP status, the error code and what is wrong. */
public class ApiException extends RuntimeException {
  private final int status;
  private final String code;

  public ApiException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
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
}
