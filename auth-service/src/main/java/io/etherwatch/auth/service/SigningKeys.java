package io.etherwatch.auth.service;

import io.etherwatch.auth.config.AuthConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;

/**
 * The RSA key that signs access tokens and the public keys that verify them: the current one and
 * the retired ones still served during a rotation. Read once at startup from files (a mounted
 * Secret in Kubernetes).
 */
// Read at startup so that a missing or wrong key file stops the service at once, naming the file.
@Startup
@ApplicationScoped
public class SigningKeys {
  public static final String ALGORITHM = "RS256";

  private final String keyId;
  private final PrivateKey privateKey;
  private final Map<String, RSAPublicKey> publicKeys;
  private final String jwks;

  public SigningKeys(AuthConfig config) {
    Path file = config.signingKey();
    RSAPrivateCrtKey key = readPrivateKey(file);
    RSAPublicKey current = publicOf(key, file);
    this.privateKey = key;
    this.keyId = config.keyId().orElseGet(() -> thumbprint(current));
    Map<String, RSAPublicKey> keys = new LinkedHashMap<>();
    keys.put(keyId, current);
    for (String entry : config.previousPublicKeys().orElse(List.of())) {
      int eq = entry.indexOf('=');
      Path path = Path.of(eq < 0 ? entry : entry.substring(eq + 1));
      RSAPublicKey previous = readPublicKey(path);
      keys.putIfAbsent(eq < 0 ? thumbprint(previous) : entry.substring(0, eq), previous);
    }
    this.publicKeys = Collections.unmodifiableMap(keys);
    this.jwks = toJwks(keys);
  }

  public String keyId() {
    return keyId;
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  /** Every key that verifies, by kid: the current one first. */
  public Map<String, RSAPublicKey> publicKeys() {
    return publicKeys;
  }

  /** The JWKS document ({@code {"keys":[…]}}). */
  public String jwks() {
    return jwks;
  }

  private static String toJwks(Map<String, RSAPublicKey> keys) {
    List<JsonWebKey> jwks = new ArrayList<>();
    keys.forEach(
        (kid, key) -> {
          RsaJsonWebKey jwk = new RsaJsonWebKey(key);
          jwk.setKeyId(kid);
          jwk.setAlgorithm(ALGORITHM);
          jwk.setUse("sig");
          jwks.add(jwk);
        });
    return new JsonWebKeySet(jwks).toJson();
  }

  private static String thumbprint(RSAPublicKey key) {
    return new RsaJsonWebKey(key).calculateBase64urlEncodedThumbprint("SHA-256");
  }

  private static RSAPrivateCrtKey readPrivateKey(Path file) {
    String pem = read(file);
    if (pem.contains("BEGIN RSA PRIVATE KEY")) {
      throw new IllegalStateException(
          file
              + " is a PKCS#1 key; convert it with `openssl pkcs8 -topk8 -nocrypt -in "
              + file.getFileName()
              + "`");
    }
    try {
      PrivateKey key =
          KeyFactory.getInstance("RSA")
              .generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY", file)));
      if (key instanceof RSAPrivateCrtKey crt && crt.getModulus().bitLength() >= 2048) {
        return crt;
      }
      throw new IllegalStateException(file + " must hold an RSA private key of at least 2048 bits");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(file + " does not hold a PKCS#8 RSA private key", e);
    }
  }

  private static RSAPublicKey publicOf(RSAPrivateCrtKey key, Path file) {
    try {
      PublicKey pub =
          KeyFactory.getInstance("RSA")
              .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
      return (RSAPublicKey) pub;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot derive the public key of " + file, e);
    }
  }

  private static RSAPublicKey readPublicKey(Path file) {
    try {
      return (RSAPublicKey)
          KeyFactory.getInstance("RSA")
              .generatePublic(new X509EncodedKeySpec(der(read(file), "PUBLIC KEY", file)));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IllegalStateException(file + " does not hold a PEM RSA public key", e);
    }
  }

  private static byte[] der(String pem, String label, Path file) {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalStateException(file + " has no " + begin + " block");
    }
    return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read key file " + file + " (etherwatch.auth.signing-key)", e);
    }
  }
}
