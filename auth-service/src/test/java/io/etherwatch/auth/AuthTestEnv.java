package io.etherwatch.auth;

import io.etherwatch.testsupport.SharedServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * What the tests generate for this run, in files of the run folder so every class loader sees the
 * same: the current signing key, a retired one (served during rotation), a stranger's key, and the
 * first-start admin password.
 */
public final class AuthTestEnv {
  public static final String KEY_ID = "test-current";
  public static final String PREVIOUS_KEY_ID = "test-previous";

  private AuthTestEnv() {}

  public static Path currentKeyPem() {
    return privatePem("current");
  }

  public static Path previousPublicPem() {
    return publicPem("previous");
  }

  public static Path currentPublicPem() {
    return publicPem("current");
  }

  private static Path publicPem(String name) {
    Path file = dir().resolve(name + "-public.pem");
    synchronized (System.getProperties()) {
      if (!Files.exists(file)) {
        write(file, "PUBLIC KEY", keyPair(name).getPublic().getEncoded());
      }
    }
    return file;
  }

  public static KeyPair current() {
    return keyPair("current");
  }

  public static KeyPair previous() {
    return keyPair("previous");
  }

  /** A key the service has never heard of. */
  public static KeyPair stranger() {
    return keyPair("stranger");
  }

  public static String adminPassword() {
    Path file = dir().resolve("admin-password");
    synchronized (System.getProperties()) {
      try {
        if (!Files.exists(file)) {
          byte[] bytes = new byte[18];
          new SecureRandom().nextBytes(bytes);
          Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        }
        return Files.readString(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static Path privatePem(String name) {
    Path file = dir().resolve(name + ".pem");
    synchronized (System.getProperties()) {
      if (!Files.exists(file)) {
        write(file, "PRIVATE KEY", keyPair(name).getPrivate().getEncoded());
      }
    }
    return file;
  }

  private static KeyPair keyPair(String name) {
    Path file = dir().resolve(name + ".der");
    synchronized (System.getProperties()) {
      try {
        if (!Files.exists(file)) {
          KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
          generator.initialize(2048);
          Files.write(file, generator.generateKeyPair().getPrivate().getEncoded());
        }
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        var key =
            (RSAPrivateCrtKey)
                rsa.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(file)));
        var pub =
            rsa.generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        return new KeyPair(pub, key);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static void write(Path file, String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
    try {
      Files.writeString(
          file, "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path dir() {
    Path dir = SharedServices.runDir().resolve("auth-keys");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }
}
