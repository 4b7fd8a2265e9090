package io.etherwatch.auth.rest;

import java.util.List;

/** {@code PUT /api/users/{username}}: absent fields stay as they are. */
public record UpdateUserRequest(String password, List<String> roles, List<String> logGroups) {
  @Override
  public String toString() {
    return "UpdateUserRequest[roles=" + roles + ", logGroups=" + logGroups + "]";
  }
}
