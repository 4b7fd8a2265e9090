package io.etherwatch.auth.service;

import io.etherwatch.auth.config.AuthConfig;
import io.etherwatch.common.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.Key;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Issues access tokens (DESIGN section 3 claims, RS256, {@code kid}) and verifies them exactly as
 * the other services do: algorithm pinned, signature by a JWKS key chosen by {@code kid}, {@code
 * iss}, {@code aud} and {@code exp} checked, with the one clock-skew leeway of every service
 * ({@code mp.jwt.verify.clock.skew}, seconds, set once in service-common; RFC 7519 section 4.1.4).
 */
@ApplicationScoped
public class TokenService {
  /** A signed access token and its lifetime in seconds. */
  public record AccessToken(String token, long expiresIn) {}

  /** What a valid token says. */
  public record Verified(String subject, long expiresAt, List<String> groups) {}

  private final SigningKeys keys;
  private final AuthConfig config;
  private final Clock clock;
  private final JwtConsumer consumer;

  public TokenService(
      SigningKeys keys,
      AuthConfig config,
      Clock clock,
      @ConfigProperty(name = "mp.jwt.verify.clock.skew") int clockSkewSeconds) {
    this.keys = keys;
    this.config = config;
    this.clock = clock;
    this.consumer =
        new JwtConsumerBuilder()
            .setJwsAlgorithmConstraints(
                org.jose4j.jwa.AlgorithmConstraints.ConstraintType.PERMIT,
                AlgorithmIdentifiers.RSA_USING_SHA256)
            .setVerificationKeyResolver(new ByKeyId())
            .setExpectedIssuer(config.issuer())
            .setExpectedAudience(config.audience())
            .setRequireExpirationTime()
            .setRequireIssuedAt()
            .setRequireSubject()
            .setRequireJwtId()
            .setAllowedClockSkewInSeconds(clockSkewSeconds)
            .build();
  }

  public AccessToken issue(User user) {
    long now = clock.instant().getEpochSecond();
    long lifetime = config.accessTokenLifetime().toSeconds();
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(config.issuer());
    claims.setAudience(config.audience());
    claims.setSubject(user.username());
    claims.setClaim("upn", user.username());
    claims.setStringListClaim("groups", user.roles());
    claims.setStringListClaim("lg", user.logGroups());
    claims.setIssuedAt(NumericDate.fromSeconds(now));
    claims.setExpirationTime(NumericDate.fromSeconds(now + lifetime));
    claims.setJwtId(UUID.randomUUID().toString());
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(keys.privateKey());
    jws.setKeyIdHeaderValue(keys.keyId());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    jws.setHeader("typ", "JWT");
    try {
      return new AccessToken(jws.getCompactSerialization(), lifetime);
    } catch (JoseException e) {
      throw new IllegalStateException("cannot sign an access token", e);
    }
  }

  /** The token's claims, or 401 {@code invalid_token}. */
  public Verified verify(String token) {
    try {
      JwtClaims claims = consumer.processToClaims(token);
      List<String> groups =
          claims.hasClaim("groups") ? claims.getStringListClaimValue("groups") : List.of();
      return new Verified(
          claims.getSubject(), claims.getExpirationTime().getValue(), List.copyOf(groups));
    } catch (InvalidJwtException e) {
      String why = e.hasExpired() ? "the token has expired" : "the token is not valid";
      throw new ApiException(401, "invalid_token", why);
    } catch (MalformedClaimException e) {
      throw new ApiException(401, "invalid_token", "the token is not valid");
    }
  }

  /** The key named by the token's {@code kid}; a token without a known kid is refused. */
  private final class ByKeyId implements VerificationKeyResolver {
    @Override
    public Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nesting)
        throws UnresolvableKeyException {
      Key key =
          jws.getKeyIdHeaderValue() == null
              ? null
              : keys.publicKeys().get(jws.getKeyIdHeaderValue());
      if (key == null) {
        throw new UnresolvableKeyException("unknown kid");
      }
      return key;
    }
  }
}
