package io.etherwatch.auth.rest;

import io.etherwatch.common.rest.ApiException;

/** The token of an {@code Authorization: Bearer <token>} header. */
final class BearerToken {
  private static final String PREFIX = "Bearer ";

  private BearerToken() {}

  /** The token, or 401 when the header is missing or not Bearer. */
  static String from(String authorization) {
    if (authorization == null
        || authorization.length() <= PREFIX.length()
        || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      throw new ApiException(401, "unauthorized", "A bearer access token is required");
    }
    return authorization.substring(PREFIX.length()).strip();
  }
}
