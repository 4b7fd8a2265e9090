package io.etherwatch.auth.service;

import io.etherwatch.auth.config.AuthConfig;
import io.etherwatch.auth.repository.RefreshTokenRepository;
import io.etherwatch.auth.repository.UserRepository;
import io.etherwatch.common.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Opaque refresh tokens: 256 random bits, only their SHA-256 stored. Each login opens a family with
 * an absolute expiry; a refresh spends its token and issues the next one in the family; spending a
 * token twice means it was stolen, so the whole family is revoked.
 */
@ApplicationScoped
public class RefreshTokens {
  private static final ApiException INVALID =
      new ApiException(401, "invalid_refresh_token", "The refresh token is not valid");

  private final RefreshTokenRepository tokens;
  private final UserRepository users;
  private final TokenService accessTokens;
  private final Clock clock;
  private final Duration lifetime;
  private final SecureRandom random = new SecureRandom();

  public RefreshTokens(
      RefreshTokenRepository tokens,
      UserRepository users,
      TokenService accessTokens,
      Clock clock,
      AuthConfig config) {
    this.tokens = tokens;
    this.users = users;
    this.accessTokens = accessTokens;
    this.clock = clock;
    this.lifetime = config.refreshTokenLifetime();
  }

  /** A new family for a user who just proved their password. */
  @Transactional
  public TokenPair open(User user) {
    Instant now = clock.instant();
    UUID family = UUID.randomUUID();
    Instant expiresAt = now.plus(lifetime);
    tokens.createFamily(family, user.username(), now, expiresAt);
    tokens.deleteEndedBefore(now.minus(Duration.ofDays(1)));
    return pair(user, family, now, expiresAt);
  }

  /** Spends {@code refreshToken} for a new pair; the revocation on reuse survives the 401. */
  @Transactional(dontRollbackOn = ApiException.class)
  public TokenPair rotate(String refreshToken) {
    Instant now = clock.instant();
    byte[] hash = hash(refreshToken);
    RefreshTokenRepository.Stored stored = tokens.findForUpdate(hash).orElseThrow(() -> INVALID);
    if (stored.familyRevokedAt() != null || !stored.familyExpiresAt().isAfter(now)) {
      throw INVALID;
    }
    if (stored.usedAt() != null) {
      tokens.revokeFamily(stored.familyId(), now);
      throw INVALID;
    }
    tokens.markUsed(hash, now);
    User user = users.find(stored.username()).orElseThrow(() -> INVALID);
    return pair(user, stored.familyId(), now, stored.familyExpiresAt());
  }

  /** Revokes the family of {@code refreshToken}; an unknown token changes nothing. */
  @Transactional
  public void logout(String refreshToken) {
    tokens
        .findForUpdate(hash(refreshToken))
        .ifPresent(s -> tokens.revokeFamily(s.familyId(), clock.instant()));
  }

  /** Ends every session of {@code username} (new password, removed user). */
  @Transactional
  public void revokeAll(String username) {
    tokens.revokeAllOf(username, clock.instant());
  }

  private TokenPair pair(User user, UUID family, Instant now, Instant expiresAt) {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String refresh = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    tokens.insertToken(hash(refresh), family, now);
    TokenService.AccessToken access = accessTokens.issue(user);
    return new TokenPair(
        access.token(),
        "Bearer",
        access.expiresIn(),
        refresh,
        Duration.between(now, expiresAt).toSeconds());
  }

  private static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
