package io.etherwatch.auth.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etherwatch.auth.config.AuthConfig;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {
  @TempDir Path dir;

  @Test
  void defaultKidIsTheThumbprintAndRetiredKeysKeepTheirs() throws Exception {
    KeyPair current = rsa(2048);
    KeyPair retired = rsa(2048);
    KeyPair named = rsa(2048);
    Path key = pem("current.pem", "PRIVATE KEY", current.getPrivate().getEncoded());
    Path retiredPem = pem("retired.pem", "PUBLIC KEY", retired.getPublic().getEncoded());
    Path namedPem = pem("named.pem", "PUBLIC KEY", named.getPublic().getEncoded());

    SigningKeys keys =
        new SigningKeys(
            config(key, Optional.empty(), List.of(retiredPem.toString(), "old-1=" + namedPem)));

    assertThat(keys.keyId()).isEqualTo(thumbprint(current));
    assertThat(keys.publicKeys().keySet())
        .containsExactly(thumbprint(current), thumbprint(retired), "old-1");
    assertThat(keys.publicKeys().get("old-1")).isEqualTo(named.getPublic());
    assertThat(keys.jwks()).contains("\"kid\":\"old-1\"").doesNotContain("\"d\":");
  }

  @Test
  void pkcs1KeyIsRefusedWithTheCommandThatConvertsIt() throws Exception {
    Path key = pem("old.pem", "RSA PRIVATE KEY", new byte[] {1, 2, 3});

    assertThatThrownBy(() -> new SigningKeys(config(key, Optional.of("k"), List.of())))
        .hasMessageContaining("old.pem")
        .hasMessageContaining("openssl pkcs8 -topk8");
  }

  @Test
  void shortOrMissingKeyIsRefusedNamingTheFile() throws Exception {
    Path small = pem("small.pem", "PRIVATE KEY", rsa(1024).getPrivate().getEncoded());
    Path missing = dir.resolve("missing.pem");

    assertThatThrownBy(() -> new SigningKeys(config(small, Optional.empty(), List.of())))
        .hasMessageContaining("small.pem")
        .hasMessageContaining("2048");
    assertThatThrownBy(() -> new SigningKeys(config(missing, Optional.empty(), List.of())))
        .hasMessageContaining("missing.pem")
        .hasMessageContaining("etherwatch.auth.signing-key");
  }

  private static String thumbprint(KeyPair pair) throws Exception {
    return new RsaJsonWebKey((RSAPublicKey) pair.getPublic())
        .calculateBase64urlEncodedThumbprint("SHA-256");
  }

  private static KeyPair rsa(int bits) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(bits);
    return generator.generateKeyPair();
  }

  private Path pem(String name, String label, byte[] der) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(
        file,
        "-----BEGIN "
            + label
            + "-----\n"
            + Base64.getMimeEncoder().encodeToString(der)
            + "\n-----END "
            + label
            + "-----\n");
    return file;
  }

  private static AuthConfig config(Path key, Optional<String> kid, List<String> previous) {
    Map<String, Object> values =
        Map.of(
            "signingKey", key,
            "keyId", kid,
            "previousPublicKeys", previous.isEmpty() ? Optional.empty() : Optional.of(previous));
    return (AuthConfig)
        Proxy.newProxyInstance(
            AuthConfig.class.getClassLoader(),
            new Class<?>[] {AuthConfig.class},
            (proxy, method, args) -> {
              if (!values.containsKey(method.getName())) {
                throw new UnsupportedOperationException(method.getName());
              }
              return values.get(method.getName());
            });
  }
}
