package io.etherwatch.auth.rest;

/** {@code POST /api/token/refresh} and {@code POST /api/logout}. */
public record RefreshRequest(String refreshToken) {
  @Override
  public String toString() {
    return "RefreshRequest[]";
  }
}
