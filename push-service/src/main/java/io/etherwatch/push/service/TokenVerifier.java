package io.etherwatch.push.service;

import io.etherwatch.push.domain.Caller;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies access tokens with the configured JWKS, pinned algorithm, issuer and audience
 * (mp.jwt.verify.*). The same check serves the upgrade header, the subprotocol carrier, the
 * AUTHENTICATE and REAUTHENTICATE frames and SSE requests.
 *
 * <p>One clock-skew leeway for all of them: {@code mp.jwt.verify.clock.skew} (seconds, set once for
 * every service in service-common; RFC 7519 section 4.1.4). The parser refuses a token from {@code
 * exp} + leeway on, and {@link #deadlineMillis} ends an open connection at that same moment.
 */
@ApplicationScoped
public class TokenVerifier {
  private final JWTParser parser;
  private final long leewaySeconds;

  public TokenVerifier(
      JWTParser parser, @ConfigProperty(name = "mp.jwt.verify.clock.skew") long leewaySeconds) {
    this.parser = parser;
    this.leewaySeconds = leewaySeconds;
  }

  /**
   * When a connection authenticated as {@code caller} must end (epoch milliseconds): the token's
   * {@code exp} plus the leeway, the first moment {@link #verify} refuses the same token.
   */
  public long deadlineMillis(Caller caller) {
    return (caller.expiresAt() + leewaySeconds) * 1000;
  }

  /**
   * The caller of a valid token; empty for a missing, forged, malformed one or one past {@code exp}
   * + leeway.
   */
  public Optional<Caller> verify(String token) {
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonWebToken jwt = parser.parse(token.strip());
      if (jwt.getSubject() == null) {
        return Optional.empty();
      }
      return Optional.of(
          new Caller(jwt.getSubject(), patterns(jwt.getClaim("lg")), jwt.getExpirationTime()));
    } catch (ParseException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The token of an {@code Authorization: Bearer} header value, or null. */
  public static String bearer(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return authorization.substring(7).strip();
  }

  private static List<String> patterns(Object claim) {
    List<String> patterns = new ArrayList<>();
    if (claim instanceof JsonArray array) {
      array.forEach(v -> patterns.add(v instanceof JsonString s ? s.getString() : v.toString()));
    } else if (claim instanceof Collection<?> values) {
      values.forEach(
          v -> patterns.add(v instanceof JsonString s ? s.getString() : String.valueOf(v)));
    } else if (claim instanceof JsonString s) {
      patterns.add(s.getString());
    } else if (claim instanceof String s) {
      patterns.add(s);
    }
    return List.copyOf(patterns);
  }
}
