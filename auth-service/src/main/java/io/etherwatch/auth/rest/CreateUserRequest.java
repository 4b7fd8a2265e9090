package io.etherwatch.auth.rest;

import java.util.List;

/**
 * {@code POST /api/users}; roles default to {@code viewer}, logGroups to none. {@code toString}
 * leaves the password out.
 */
public record CreateUserRequest(
    String username, String password, List<String> roles, List<String> logGroups) {
  @Override
  public String toString() {
    return "CreateUserRequest[username=" + username + ", roles=" + roles + "]";
  }
}
