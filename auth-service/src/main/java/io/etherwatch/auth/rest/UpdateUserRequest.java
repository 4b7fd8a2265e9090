package io.etherwatch.auth.rest;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code PUT /api/users/{username}}: absent fields stay as they are. */
public record UpdateUserRequest(
    @Schema(
            format = "password",
            description = "A new password; ends the user's sessions",
            example = "another long passphrase")
        String password,
    @Schema(
            description = "1 to 16 roles; default [\"viewer\"]",
            example = "[\"viewer\", \"operator\"]")
        List<String> roles,
    @Schema(
            description = "Log-group patterns the user may read, * is a wildcard; default none",
            example = "[\"app/*\"]")
        List<String> logGroups) {
  @Override
  public String toString() {
    return "UpdateUserRequest[roles=" + roles + ", logGroups=" + logGroups + "]";
  }
}
