package io.etherwatch.auth.service;

import io.etherwatch.auth.repository.UserRepository;
import io.etherwatch.common.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** User management for admins: checks every field, hashes passwords, keeps one admin at least. */
@ApplicationScoped
public class UserService {
  public static final String ADMIN = "admin";
  public static final Set<String> ROLES = Set.of("viewer", "operator", ADMIN);
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
  private static final int MAX_PATTERNS = 100;
  private static final int MAX_PATTERN_LENGTH = 512;

  private final UserRepository users;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final RefreshTokens refreshTokens;
  private final Clock clock;

  public UserService(
      UserRepository users,
      PasswordHasher hasher,
      PasswordPolicy policy,
      RefreshTokens refreshTokens,
      Clock clock) {
    this.users = users;
    this.hasher = hasher;
    this.policy = policy;
    this.refreshTokens = refreshTokens;
    this.clock = clock;
  }

  public List<User> list() {
    return users.list();
  }

  public User get(String username) {
    return users.find(username).orElseThrow(() -> notFound(username));
  }

  /** Creates a user; 400 for a bad field, 409 when the name is taken. */
  public User create(String username, String password, List<String> roles, List<String> logGroups) {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw ApiException.badRequest(
          "username must be 1 to 64 characters: letters, digits, '.', '_', '@', '-'");
    }
    List<String> checkedRoles = roles(roles == null ? List.of("viewer") : roles);
    List<String> checkedGroups = logGroups(logGroups == null ? List.of() : logGroups);
    policy.check(username, password);
    Instant now = clock.instant();
    User user = new User(username, hasher.hash(password), checkedRoles, checkedGroups, now, now);
    if (!users.insert(user)) {
      throw new ApiException(409, "conflict", "user '" + username + "' already exists");
    }
    return user;
  }

  /** Changes what is given; a new password ends the user's sessions. */
  @Transactional
  public User update(String username, String password, List<String> roles, List<String> logGroups) {
    User current = get(username);
    List<String> newRoles = roles == null ? current.roles() : roles(roles);
    List<String> newGroups = logGroups == null ? current.logGroups() : logGroups(logGroups);
    String hash = current.passwordHash();
    if (password != null) {
      policy.check(current.username(), password);
      hash = hasher.hash(password);
    }
    if (current.roles().contains(ADMIN) && !newRoles.contains(ADMIN)) {
      refuseLastAdmin();
    }
    User updated =
        new User(
            current.username(), hash, newRoles, newGroups, current.createdAt(), clock.instant());
    users.update(updated);
    if (password != null) {
      refreshTokens.revokeAll(current.username());
    }
    return updated;
  }

  @Transactional
  public void delete(String username) {
    User current = get(username);
    if (current.roles().contains(ADMIN)) {
      refuseLastAdmin();
    }
    users.delete(current.username());
  }

  private void refuseLastAdmin() {
    if (users.countWithRole(ADMIN) <= 1) {
      throw new ApiException(409, "last_admin", "the last admin cannot be removed or demoted");
    }
  }

  private static List<String> roles(List<String> roles) {
    if (roles.isEmpty() || !ROLES.containsAll(roles)) {
      throw ApiException.badRequest("roles must be one or more of viewer, operator, admin");
    }
    return roles.stream().distinct().sorted().toList();
  }

  private static List<String> logGroups(List<String> patterns) {
    if (patterns.size() > MAX_PATTERNS
        || patterns.stream()
            .anyMatch(p -> p == null || p.isBlank() || p.length() > MAX_PATTERN_LENGTH)) {
      throw ApiException.badRequest(
          "logGroups must be at most "
              + MAX_PATTERNS
              + " non-empty patterns of at most "
              + MAX_PATTERN_LENGTH
              + " characters");
    }
    return patterns.stream().distinct().toList();
  }

  private static ApiException notFound(String username) {
    return ApiException.notFound("no user '" + username + "'");
  }
}
