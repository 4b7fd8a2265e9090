package io.etherwatch.tail.client;

import io.etherwatch.tail.domain.ExitCode;
import io.etherwatch.tail.domain.TailException;
import java.time.Duration;
import java.time.Instant;

/**
 * The user's current token pair, kept fresh: {@link #renew()} trades the refresh token for a new
 * pair (rotation: the new refresh token replaces the spent one, DESIGN section 3) and logs in again
 * with the password when the refresh token is refused. Thread-safe.
 */
public final class Credentials {
  private final AuthClient auth;
  private final String username;
  private final String password;
  private AuthClient.Tokens tokens;

  public Credentials(AuthClient auth, String username, String password, AuthClient.Tokens tokens) {
    this.auth = auth;
    this.username = username;
    this.password = password;
    this.tokens = tokens;
  }

  public synchronized String accessToken() {
    return tokens.access();
  }

  public String username() {
    return username;
  }

  /**
   * When to renew: a minute before expiry, or a quarter of the lifetime before it when the lifetime
   * is shorter than four minutes, so the REAUTHENTICATE reaches push-service in time.
   */
  public synchronized Instant renewAt() {
    Duration margin = tokens.lifetime().dividedBy(4);
    if (margin.compareTo(Duration.ofMinutes(1)) > 0) {
      margin = Duration.ofMinutes(1);
    }
    return tokens.expiresAt().minus(margin);
  }

  /** A new pair: refreshed, or by a new login when the refresh token is refused. */
  public synchronized String renew() {
    try {
      tokens = auth.refresh(tokens.refresh());
    } catch (TailException refused) {
      if (refused instanceof Unanswered || refused.exitCode() != ExitCode.LOGIN) {
        throw refused;
      }
      tokens = auth.login(username, password);
    }
    return tokens.access();
  }

  /** A fresh login, for a token the server refused (4401, HTTP 401). */
  public synchronized String relogin() {
    tokens = auth.login(username, password);
    return tokens.access();
  }
}
