package io.etherwatch.push;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * A cursor-signing key made for this test run, handed to the service as a file, the way a
 * Kubernetes Secret is mounted ({@code etherwatch.push.cursor-key-file}).
 */
public class CursorKeyResource implements QuarkusTestResourceLifecycleManager {
  private Path dir;

  @Override
  public Map<String, String> start() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    try {
      dir = Files.createTempDirectory("push-cursor-key");
      Path file = dir.resolve("cursor.key");
      Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
      return Map.of("etherwatch.push.cursor-key-file", file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    try {
      Files.deleteIfExists(dir.resolve("cursor.key"));
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a temporary file the system will remove
    }
  }
}
