package io.etherwatch.auth.service;

import io.etherwatch.auth.repository.UserRepository;
import io.etherwatch.common.rest.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Username and password to a token pair. Unknown users and wrong passwords take the same path: the
 * same Argon2id work, the same failure count, the same 401.
 */
@ApplicationScoped
public class LoginService {
  private static final ApiException INVALID =
      new ApiException(401, "invalid_credentials", "Invalid username or password");

  private final UserRepository users;
  private final PasswordHasher hasher;
  private final LoginThrottle throttle;
  private final RefreshTokens refreshTokens;
  private final Counter succeeded;
  private final Counter failed;
  private final Counter throttled;

  public LoginService(
      UserRepository users,
      PasswordHasher hasher,
      LoginThrottle throttle,
      RefreshTokens refreshTokens,
      MeterRegistry registry) {
    this.users = users;
    this.hasher = hasher;
    this.throttle = throttle;
    this.refreshTokens = refreshTokens;
    this.succeeded = logins(registry, "success");
    this.failed = logins(registry, "failure");
    this.throttled = logins(registry, "throttled");
  }

  private static Counter logins(MeterRegistry registry, String result) {
    return Counter.builder("etherwatch.auth.logins")
        .description("Login attempts by result")
        .tag("result", result)
        .register(registry);
  }

  public TokenPair authenticate(String username, String password, String clientAddress) {
    LoginThrottle.Reservation reservation;
    try {
      reservation = throttle.reserve(username, clientAddress);
    } catch (ApiException e) {
      throttled.increment();
      throw e;
    }
    // A text no username can be (NUL, which PostgreSQL refuses, among others) names nobody.
    Optional<User> user =
        UserService.isUsername(username) ? users.find(username) : Optional.empty();
    boolean valid =
        user.isPresent()
            ? hasher.matches(password, user.get().passwordHash())
            : hasher.matchesNobody(password);
    if (!valid) {
      failed.increment();
      throw INVALID;
    }
    throttle.confirmSuccess(reservation);
    succeeded.increment();
    return refreshTokens.open(user.get());
  }
}
