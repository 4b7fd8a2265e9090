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
 * section 3), or while the service-wide budget of failed logins is spent. The state is in
 * PostgreSQL, so every replica sees the same counts.
 *
 * <p>The per-key delays stop one attacker address or one targeted account; the budget ({@link
 * FailureBudget}) stops a spray from ever-new addresses and usernames, which no per-key count sees.
 * The budget is only consulted once the keys admit an attempt, so one address alone cannot spend it
 * (its own delay stops it after a few failures); when it is spent an attempt waits at most one
 * interval (60 s / {@code global-failures-per-minute}): a slowdown, never a lockout. A user logging
 * in from an address with a successful login of theirs within {@code known-client-for} (30 days) is
 * not slowed down at all: an attacker cannot make a pair known without the user's password.
 */
@ApplicationScoped
public class LoginThrottle {
  static final String BUDGET = "failed-logins";

  /**
   * What {@link #reserve} counted, for {@link #confirmSuccess} to take back.
   *
   * @param addressBefore the address's state before this attempt
   * @param addressReserved the address's state this attempt left
   * @param fromBudget whether the attempt took a failure from the service-wide budget
   */
  public record Reservation(
      String userKey,
      String addressKey,
      ThrottleState addressBefore,
      ThrottleState addressReserved,
      boolean fromBudget) {}

  private final ThrottleRepository repository;
  private final Clock clock;
  private final ThrottleState.Rules rules;
  private final FailureBudget.Rules budgetRules;
  private final Duration knownClientFor;

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
    this.budgetRules = new FailureBudget.Rules(t.globalFailuresPerMinute(), t.globalFailureBurst());
    this.knownClientFor = t.knownClientFor();
  }

  /**
   * Counts this attempt as a failure before its password is evaluated, or throws 429 with the wait
   * when the username or the address is delayed or the service-wide budget is spent. Counting
   * first, under the rows' locks, means a burst of parallel attempts is judged one by one: the
   * sixth of a burst is refused like the sixth of a sequence.
   */
  @Transactional(dontRollbackOn = ApiException.class)
  public Reservation reserve(String username, String address) {
    Instant now = clock.instant();
    String user = userKey(username);
    String client = addressKey(address);
    Map<String, ThrottleState> states = lock(now, user, client);
    refuseDuring(
        longest(
            states.get(user).waitAt(now, rules, true).orElse(Duration.ZERO),
            states.get(client).waitAt(now, rules, false).orElse(Duration.ZERO)),
        "Too many failed logins");
    FailureBudget budget = repository.lockBudget(BUDGET, FailureBudget.full(now));
    boolean spent = budget.waitAt(now, budgetRules).isPresent();
    boolean known = spent && repository.knownSince(user, client, now.minus(knownClientFor));
    if (spent && !known) {
      refuseDuring(
          budget.waitAt(now, budgetRules).orElseThrow(), "Too many failed logins on this service");
    }
    ThrottleState userReserved = states.get(user).afterFailure(now, rules);
    ThrottleState clientReserved = states.get(client).afterFailure(now, rules);
    repository.save(user, userReserved);
    repository.save(client, clientReserved);
    if (!known) {
      repository.saveBudget(BUDGET, budget.afterFailure(now, budgetRules));
    }
    repository.deleteIdleSince(now.minus(longest(rules.resetAfter(), ThrottleState.WINDOW)));
    return new Reservation(user, client, states.get(client), clientReserved, !known);
  }

  /**
   * The reserved attempt had the right password: the username's delay ends, the address is as
   * before the attempt (a right password never delays the next login from the same address), the
   * budget gets its failure back, and the pair of username and address is known from now on.
   */
  @Transactional
  public void confirmSuccess(Reservation reservation) {
    Instant now = clock.instant();
    Map<String, ThrottleState> states = lock(now, reservation.userKey(), reservation.addressKey());
    repository.save(reservation.userKey(), states.get(reservation.userKey()).afterSuccess());
    repository.save(
        reservation.addressKey(),
        states
            .get(reservation.addressKey())
            .withoutReservation(reservation.addressBefore(), reservation.addressReserved()));
    if (reservation.fromBudget()) {
      FailureBudget budget = repository.lockBudget(BUDGET, FailureBudget.full(now));
      repository.saveBudget(BUDGET, budget.afterSuccess(budgetRules));
    }
    repository.rememberSuccess(reservation.userKey(), reservation.addressKey(), now);
    repository.forgetSuccessesBefore(now.minus(knownClientFor));
  }

  private static void refuseDuring(Duration wait, String why) {
    if (!wait.isZero()) {
      long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
      throw new ApiException(
          429,
          "too_many_attempts",
          why + "; try again in " + seconds + " s",
          Duration.ofSeconds(seconds));
    }
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

  /**
   * The username's key, case-insensitive; every text that cannot be a username (NUL and other
   * characters PostgreSQL or the username rules refuse) shares one key, which no user has.
   */
  static String userKey(String username) {
    return UserService.isUsername(username)
        ? "u:" + username.toLowerCase(Locale.ROOT)
        : "u:!not-a-username";
  }

  static String addressKey(String address) {
    return "a:" + address;
  }

  private static Duration longest(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
