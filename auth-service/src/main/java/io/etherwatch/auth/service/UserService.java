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

  /** What a username is: 1 to 64 of these, starting with a letter or digit. */
  public static final String USERNAME_SYNTAX = "[A-Za-z0-9][A-Za-z0-9._@-]{0,63}";

  public static final int MAX_USERNAME = 64;
  public static final int MAX_ROLES = 16;
  public static final int MAX_PATTERNS = 100;
  public static final int MAX_PATTERN_LENGTH = 512;
  private static final Pattern USERNAME = Pattern.compile(USERNAME_SYNTAX);
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

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

  /** The user, or 404; a name no user can have (see {@link #isUsername}) is not looked up. */
  public User get(String username) {
    if (!isUsername(username)) {
      throw ApiException.notFound("no such user");
    }
    return users.find(username).orElseThrow(() -> notFound(username));
  }

  /**
   * Whether {@code name} can be a username: 1 to 64 of {@code A-Za-z0-9._@-}, starting with a
   * letter or digit. Anything else (control characters, NUL, which PostgreSQL cannot store,
   * overlong text) names nobody.
   */
  public static boolean isUsername(String name) {
    return name != null && USERNAME.matcher(name).matches();
  }

  /** Creates a user; 400 for a bad field, 409 when the name is taken. */
  public User create(String username, String password, List<String> roles, List<String> logGroups) {
    if (!isUsername(username)) {
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

  /**
   * Changes what is given; a new password ends the user's sessions. 409 {@code last_admin} when it
   * would leave no admin, decided under {@link UserRepository#lockRoleChanges()} so that concurrent
   * demotions and deletions are judged one after the other.
   */
  @Transactional
  public User update(String username, String password, List<String> roles, List<String> logGroups) {
    User found = get(username);
    List<String> newRoles = roles == null ? null : roles(roles);
    List<String> newGroups = logGroups == null ? null : logGroups(logGroups);
    String newHash = null;
    if (password != null) {
      policy.check(found.username(), password);
      newHash = hasher.hash(password);
    }
    users.lockRoleChanges();
    User current = get(username);
    if (newRoles == null) {
      newRoles = current.roles();
    }
    if (current.roles().contains(ADMIN) && !newRoles.contains(ADMIN)) {
      refuseLastAdmin();
    }
    User updated =
        new User(
            current.username(),
            newHash == null ? current.passwordHash() : newHash,
            newRoles,
            newGroups == null ? current.logGroups() : newGroups,
            current.createdAt(),
            clock.instant());
    users.update(updated);
    if (password != null) {
      refreshTokens.revokeAll(current.username());
    }
    return updated;
  }

  /** Deletes the user and its sessions; 409 {@code last_admin} as for {@link #update}. */
  @Transactional
  public void delete(String username) {
    get(username);
    users.lockRoleChanges();
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
    if (roles.isEmpty()
        || roles.size() > MAX_ROLES
        || roles.stream().anyMatch(r -> r == null || !ROLES.contains(r))) {
      throw ApiException.badRequest("roles must be one or more of viewer, operator, admin");
    }
    return roles.stream().distinct().sorted().toList();
  }

  private static List<String> logGroups(List<String> patterns) {
    if (patterns.size() > MAX_PATTERNS
        || patterns.stream()
            .anyMatch(
                p ->
                    p == null
                        || p.isBlank()
                        || p.length() > MAX_PATTERN_LENGTH
                        || CONTROL.matcher(p).find())) {
      throw ApiException.badRequest(
          "logGroups must be at most "
              + MAX_PATTERNS
              + " non-empty patterns of at most "
              + MAX_PATTERN_LENGTH
              + " characters, without control characters");
    }
    return patterns.stream().distinct().toList();
  }

  private static ApiException notFound(String username) {
    return ApiException.notFound("no user '" + username + "'");
  }
}
