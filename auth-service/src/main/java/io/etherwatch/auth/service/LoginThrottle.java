package io.etherwatch.auth.service;

import io.etherwatch.auth.config.AuthConfig;
import io.etherwatch.auth.repository.ThrottleRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Refuses login attempts with 429 while the username or the client address is delayed (DESIGN
 * section 3). The state is in PostgreSQL, so every replica sees the same counts.
 */
@ApplicationScoped
public class LoginThrottle {
  private final ThrottleRepository repository;
  private final Clock clock;
  private final ThrottleState.Rules rules;

  public LoginThrottle(ThrottleRepository repository, Clock clock, AuthConfig config) {
    this.repository = repository;
    this.clock = clock;
    AuthConfig.Throttle t = config.throttle();
    this.rules =
        new ThrottleState.Rules(
            t.freeFailures(),
            t.baseDelay(),
            t.maxDelay(),
            t.resetAfter(),
            t.accountFailuresPerHour());
  }

  /** Throws 429 with the wait when either key is delayed; the password is then not evaluated. */
  public void check(String username, String address) {
    Instant now = clock.instant();
    Optional<Duration> account =
        repository.find(userKey(username)).flatMap(s -> s.waitAt(now, rules, true));
    Optional<Duration> client =
        repository.find(addressKey(address)).flatMap(s -> s.waitAt(now, rules, false));
    Duration wait = longest(account.orElse(Duration.ZERO), client.orElse(Duration.ZERO));
    if (!wait.isZero()) {
      long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
      throw new ApiException(
          429,
          "too_many_attempts",
          "Too many failed logins; try again in " + seconds + " s",
          Duration.ofSeconds(seconds));
    }
  }

  @Transactional
  public void recordFailure(String username, String address) {
    Instant now = clock.instant();
    for (String key : List.of(userKey(username), addressKey(address))) {
      repository.insertIfAbsent(key, ThrottleState.fresh(now));
      ThrottleState state = repository.findForUpdate(key).orElse(ThrottleState.fresh(now));
      repository.save(key, state.afterFailure(now, rules));
    }
    Duration keep = longest(rules.resetAfter(), ThrottleState.WINDOW);
    repository.deleteIdleSince(now.minus(keep));
  }

  /** A correct password ends the username's delay; the address keeps its count. */
  @Transactional
  public void recordSuccess(String username) {
    String key = userKey(username);
    repository.findForUpdate(key).ifPresent(s -> repository.save(key, s.afterSuccess()));
  }

  static String userKey(String username) {
    return "u:" + username.toLowerCase(Locale.ROOT);
  }

  static String addressKey(String address) {
    return "a:" + address;
  }

  private static Duration longest(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
