package io.etherwatch.auth.rest;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code POST /api/users}; roles default to {@code viewer}, logGroups to none. {@code toString}
 * leaves the password out.
 */
public record CreateUserRequest(
    @Schema(required = true, description = "Unique whatever the letter case", example = "alice")
        String username,
    @Schema(
            required = true,
            format = "password",
            description = "Not the username, not a common password",
            example = "correct horse battery staple")
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
    return "CreateUserRequest[username=" + username + ", roles=" + roles + "]";
  }
}
