package io.etherwatch.auth.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /api/token/refresh} and {@code POST /api/logout}. */
public record RefreshRequest(
    @Schema(
            required = true,
            description =
                "The opaque refresh token of the last login or refresh (43 base64url characters)",
            example = "q3Jx0m8H1tP5yJrL2cVt9wZkA6nB4dEfGhIjKlMnOpQ")
        String refreshToken) {
  @Override
  public String toString() {
    return "RefreshRequest[]";
  }
}
