package io.etherwatch.auth.service;

import io.etherwatch.auth.config.AuthConfig;
import io.etherwatch.auth.repository.UserRepository;
import io.etherwatch.common.rest.ApiException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * On a start with no users, creates {@code admin} (all roles, every log group) with
 * ETHERWATCH_ADMIN_PASSWORD, or with a generated password printed this once.
 */
@ApplicationScoped
public class AdminBootstrap {
  private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);
  public static final String USERNAME = "admin";

  private final UserRepository users;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final AuthConfig config;
  private final Clock clock;

  public AdminBootstrap(
      UserRepository users,
      PasswordHasher hasher,
      PasswordPolicy policy,
      AuthConfig config,
      Clock clock) {
    this.users = users;
    this.hasher = hasher;
    this.policy = policy;
    this.config = config;
    this.clock = clock;
  }

  void onStart(@Observes StartupEvent event) {
    createAdminIfNoUsers();
  }

  /** What a start did about the first admin. */
  public record Outcome(boolean created, Optional<String> generatedPassword) {
    static final Outcome NOTHING = new Outcome(false, Optional.empty());
  }

  public Outcome createAdminIfNoUsers() {
    if (users.count() > 0) {
      return Outcome.NOTHING;
    }
    boolean generated = config.adminPassword().isEmpty();
    String password = config.adminPassword().orElseGet(AdminBootstrap::generate);
    try {
      policy.check(USERNAME, password);
    } catch (ApiException e) {
      throw new IllegalStateException("ETHERWATCH_ADMIN_PASSWORD is refused: " + e.getMessage());
    }
    Instant now = clock.instant();
    User admin =
        new User(
            USERNAME,
            hasher.hash(password),
            List.copyOf(UserService.ROLES.stream().sorted().toList()),
            List.of("*"),
            now,
            now);
    // Another replica starting at the same moment may win the insert; only the winner speaks.
    if (!users.insert(admin)) {
      return Outcome.NOTHING;
    }
    if (generated) {
      LOG.warnf(
          "Created user '%s' with the generated password %s (shown only now;"
              + " set ETHERWATCH_ADMIN_PASSWORD to choose it)",
          USERNAME, password);
    } else {
      LOG.infof("Created user '%s' with the password from ETHERWATCH_ADMIN_PASSWORD", USERNAME);
    }
    return new Outcome(true, generated ? Optional.of(password) : Optional.empty());
  }

  private static String generate() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
