package io.etherwatch.auth.service;

import io.etherwatch.auth.repository.UserRepository;
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

  public LoginService(
      UserRepository users,
      PasswordHasher hasher,
      LoginThrottle throttle,
      RefreshTokens refreshTokens) {
    this.users = users;
    this.hasher = hasher;
    this.throttle = throttle;
    this.refreshTokens = refreshTokens;
  }

  public TokenPair authenticate(String username, String password, String clientAddress) {
    throttle.check(username, clientAddress);
    Optional<User> user = users.find(username);
    boolean valid =
        user.isPresent()
            ? hasher.matches(password, user.get().passwordHash())
            : hasher.matchesNobody(password);
    if (!valid) {
      throttle.recordFailure(username, clientAddress);
      throw INVALID;
    }
    throttle.recordSuccess(username);
    return refreshTokens.open(user.get());
  }
}
