package io.etherwatch.testsupport;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;

/**
 * Access tokens as auth-service issues them (DESIGN section 3: RS256 with {@code kid}, {@code iss},
 * {@code aud}, {@code groups}, {@code lg}), signed with a key generated for this test run, and the
 * JWKS file that verifies them. The key lives in a file of the run folder, so every class loader of
 * the JVM signs with the same one.
 */
public final class TestTokens {
  public static final String ISSUER = "etherwatch";
  public static final String AUDIENCE = "etherwatch-api";
  public static final String KEY_ID = "test-key-1";

  private TestTokens() {}

  /** A token for {@code user} with the given roles and log-group patterns, valid for 20 minutes. */
  public static String token(String user, Set<String> roles, List<String> logGroups) {
    return claims(user, roles, logGroups).sign();
  }

  /**
   * A token like {@link #token} that expires at {@code expiresAt} (issued 20 minutes before), which
   * may be in the past or a few seconds ahead. Test classes of a {@code @QuarkusTest} should use
   * this rather than {@link #claims}: touching the claims builder from a test class loads it in
   * Quarkus' class loader, and signing afterwards fails with a LinkageError.
   */
  public static String tokenExpiringAt(
      String user, Set<String> roles, List<String> logGroups, Instant expiresAt) {
    Signer signer = claims(user, roles, logGroups);
    signer.claims().issuedAt(expiresAt.minus(Duration.ofMinutes(20))).expiresAt(expiresAt);
    return signer.sign();
  }

  /**
   * The claims of {@link #token}, to change (expiry, issuer, audience) before signing with {@code
   * .sign()}.
   */
  public static Signer claims(String user, Set<String> roles, List<String> logGroups) {
    Instant now = Instant.now();
    JwtClaimsBuilder claims =
        Jwt.issuer(ISSUER)
            .audience(AUDIENCE)
            .subject(user)
            .upn(user)
            .groups(roles)
            .claim("lg", logGroups)
            .issuedAt(now)
            .expiresAt(now.plus(Duration.ofMinutes(20)))
            .claim("jti", UUID.randomUUID().toString());
    return new Signer(claims);
  }

  /** Signs claims with the test key. */
  public record Signer(JwtClaimsBuilder claims) {
    public String sign() {
      return claims.jws().keyId(KEY_ID).sign(keys().getPrivate());
    }
  }

  /**
   * The JWKS document with the test public key, as a file (for {@code
   * mp.jwt.verify.publickey.location}).
   */
  public static Path jwksFile() {
    Path file = dir().resolve("jwks.json");
    synchronized (System.getProperties()) {
      if (!Files.exists(file)) {
        try {
          RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) keys().getPublic());
          jwk.setKeyId(KEY_ID);
          jwk.setAlgorithm("RS256");
          jwk.setUse("sig");
          Files.writeString(file, new JsonWebKeySet(jwk).toJson());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return file;
  }

  /**
   * The test key's private half as a PKCS#8 PEM file: auth-service's {@code
   * etherwatch.auth.signing-key} when a test runs the real service, so that its tokens and those of
   * {@link #token} verify against the same JWKS.
   */
  public static Path signingKeyPem() {
    Path file = dir().resolve("private.pem");
    synchronized (System.getProperties()) {
      if (!Files.exists(file)) {
        try {
          Files.writeString(
              file,
              "-----BEGIN PRIVATE KEY-----\n"
                  + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                      .encodeToString(keys().getPrivate().getEncoded())
                  + "\n-----END PRIVATE KEY-----\n");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return file;
  }

  static KeyPair keys() {
    Path file = dir().resolve("private.der");
    synchronized (System.getProperties()) {
      try {
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        if (!Files.exists(file)) {
          KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
          generator.initialize(2048);
          Files.write(file, generator.generateKeyPair().getPrivate().getEncoded());
        }
        PrivateKey privateKey =
            rsa.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(file)));
        var crt = (java.security.interfaces.RSAPrivateCrtKey) privateKey;
        var publicKey =
            rsa.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        return new KeyPair(publicKey, privateKey);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot make the test signing key", e);
      }
    }
  }

  private static Path dir() {
    Path dir = SharedServices.runDir().resolve("jwt");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }
}
