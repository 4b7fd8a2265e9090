package io.etherwatch.auth.rest;

import io.etherwatch.auth.service.User;
import java.time.Instant;
import java.util.List;

/** A user as the API shows it: never the password hash. */
public record UserView(
    String username,
    List<String> roles,
    List<String> logGroups,
    Instant createdAt,
    Instant updatedAt) {
  static UserView of(User user) {
    return new UserView(
        user.username(), user.roles(), user.logGroups(), user.createdAt(), user.updatedAt());
  }
}
