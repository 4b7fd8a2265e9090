package io.etherwatch.auth.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /api/authenticate}. {@code toString} leaves the password out. */
@Schema(description = "Credentials; both fields are text (numbers are not coerced)")
public record LoginRequest(
    @Schema(required = true, example = "alice") String username,
    @Schema(required = true, format = "password", example = "correct horse battery staple")
        String password) {
  @Override
  public String toString() {
    return "LoginRequest[username=" + username + "]";
  }
}
