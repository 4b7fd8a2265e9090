package io.etherwatch.auth.service;

import io.etherwatch.auth.config.AuthConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format ({@code $argon2id$v=19$m=…,t=…,p=1$salt$hash}),
 * so a stored hash keeps the cost it was made with when the configured cost changes.
 */
@ApplicationScoped
public class PasswordHasher {
  static final int MIN_MEMORY_KIB = 19 * 1024;
  static final int MIN_ITERATIONS = 2;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Pattern PHC =
      Pattern.compile(
          "\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=1\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final int memoryKib;
  private final int iterations;
  private final SecureRandom random = new SecureRandom();
  // Each Argon2id run holds 19 MiB and a core: a burst of logins queues here instead of exhausting
  // the heap.
  private final Semaphore running = new Semaphore(Runtime.getRuntime().availableProcessors(), true);
  private final String dummyHash;
  private final Counter runs;

  @Inject
  public PasswordHasher(AuthConfig config, MeterRegistry registry) {
    this(config.hash().memoryKib(), config.hash().iterations(), registry);
  }

  PasswordHasher(int memoryKib, int iterations, MeterRegistry registry) {
    if (memoryKib < MIN_MEMORY_KIB || iterations < MIN_ITERATIONS) {
      throw new IllegalArgumentException(
          "etherwatch.auth.hash must be at least memory-kib="
              + MIN_MEMORY_KIB
              + " and iterations="
              + MIN_ITERATIONS);
    }
    this.memoryKib = memoryKib;
    this.iterations = iterations;
    this.runs =
        Counter.builder("etherwatch.auth.argon2id.runs")
            .description(
                "Argon2id computations: hashes made and passwords checked, dummy checks included")
            .register(registry);
    // Unknown users are checked against this, so they cost the same time as known ones.
    byte[] noise = new byte[24];
    random.nextBytes(noise);
    this.dummyHash = hash(B64.encodeToString(noise));
  }

  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] out = derive(password, salt, memoryKib, iterations, HASH_BYTES);
    return "$argon2id$v=19$m=%d,t=%d,p=1$%s$%s"
        .formatted(memoryKib, iterations, B64.encodeToString(salt), B64.encodeToString(out));
  }

  /** True when {@code password} matches {@code stored}; a null or unparsable hash never matches. */
  public boolean matches(String password, String stored) {
    Matcher m = stored == null ? null : PHC.matcher(stored);
    if (m == null || !m.matches()) {
      matches(password, dummyHash);
      return false;
    }
    byte[] expected = B64D.decode(m.group(4));
    byte[] actual =
        derive(
            password,
            B64D.decode(m.group(3)),
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  /** Spends the time of one check for a user that does not exist; always false. */
  public boolean matchesNobody(String password) {
    matches(password, dummyHash);
    return false;
  }

  private byte[] derive(String password, byte[] salt, int memoryKib, int t, int length) {
    running.acquireUninterruptibly();
    try {
      runs.increment();
      return argon2id(password, salt, memoryKib, t, length);
    } finally {
      running.release();
    }
  }

  private static byte[] argon2id(String password, byte[] salt, int memoryKib, int t, int length) {
    Argon2Parameters params =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memoryKib)
            .withIterations(t)
            .withParallelism(1)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
