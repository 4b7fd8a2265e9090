package io.etherwatch.auth.rest;

/** {@code POST /api/authenticate}. {@code toString} leaves the password out. */
public record LoginRequest(String username, String password) {
  @Override
  public String toString() {
    return "LoginRequest[username=" + username + "]";
  }
}
