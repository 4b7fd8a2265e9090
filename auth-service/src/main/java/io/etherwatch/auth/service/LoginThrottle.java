package io.etherwatch.auth.service;

import io.etherwatch.auth.config.AuthConfig;
import io.etherwatch.auth.repository.ThrottleRepository;
import io.etherwatch.common.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

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

  /**
   * Counts this attempt as a failure before its password is evaluated, or throws 429 with the wait
   * when the username or the address is delayed. Counting first, under the rows' locks, means a
   * burst of parallel attempts is judged one by one: the sixth of a burst is refused like the sixth
   * of a sequence.
   */
  @Transactional(dontRollbackOn = ApiException.class)
  public void reserve(String username, String address) {
    Instant now = clock.instant();
    String user = userKey(username);
    String client = addressKey(address);
    Map<String, ThrottleState> states = lock(now, user, client);
    Duration wait =
        longest(
            states.get(user).waitAt(now, rules, true).orElse(Duration.ZERO),
            states.get(client).waitAt(now, rules, false).orElse(Duration.ZERO));
    if (!wait.isZero()) {
      long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
      throw new ApiException(
          429,
          "too_many_attempts",
          "Too many failed logins; try again in " + seconds + " s",
          Duration.ofSeconds(seconds));
    }
    states.forEach((key, state) -> repository.save(key, state.afterFailure(now, rules)));
    repository.deleteIdleSince(now.minus(longest(rules.resetAfter(), ThrottleState.WINDOW)));
  }

  /**
   * The reserved attempt had the right password: the username's delay ends, the address's count
   * drops by it.
   */
  @Transactional
  public void confirmSuccess(String username, String address) {
    Instant now = clock.instant();
    String user = userKey(username);
    String client = addressKey(address);
    Map<String, ThrottleState> states = lock(now, user, client);
    repository.save(user, states.get(user).afterSuccess());
    repository.save(client, states.get(client).withoutLastFailure(rules));
  }

  /**
   * Locks the keys' rows, creating them if needed, always in the same order so that two logins
   * never deadlock.
   */
  private Map<String, ThrottleState> lock(Instant now, String... keys) {
    Map<String, ThrottleState> states = new TreeMap<>();
    for (String key : new TreeSet<>(List.of(keys))) {
      repository.insertIfAbsent(key, ThrottleState.fresh(now));
      states.put(key, repository.findForUpdate(key).orElse(ThrottleState.fresh(now)));
    }
    return states;
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
