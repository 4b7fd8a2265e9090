package io.etherwatch.bench.auth;

import io.etherwatch.bench.common.Machine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** bench/results/auth.json and auth.md. */
record Report(
    Instant at,
    int clients,
    Duration phase,
    Load.Result logins,
    Load.Result verifies,
    double localVerifiesPerSecond,
    Map<String, Double> failureTiming) {

  void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("auth.json"), json());
    Files.writeString(dir.resolve("auth.md"), markdown());
  }

  String json() {
    return String.format(
        Locale.ROOT,
        """
        {
          "benchmark": "auth",
          "at": "%s",
          "machine": {"cpus": %d, "cpuModel": "%s", "memoryGiB": %.1f, "loadAverage": "%s"},
          "jvm": "%s",
          "config": {"argon2id": {"memoryKiB": 19456, "iterations": 2, "parallelism": 1},
                     "signature": "RS256 2048-bit", "clients": %d, "phaseSeconds": %d},
          "logins": %s,
          "verifyEndpoint": %s,
          "localJwksVerificationsPerSecond": %.0f,
          "failedLoginMedianMs": {"wrongPassword": %.1f, "unknownUser": %.1f}
        }
        """,
        at,
        Runtime.getRuntime().availableProcessors(),
        cpuModel(),
        memoryGiB(),
        Machine.loadAverage(),
        jvm(),
        clients,
        phase.toSeconds(),
        json(logins),
        json(verifies),
        localVerifiesPerSecond,
        failureTiming.get("wrongPasswordMedianMs"),
        failureTiming.get("unknownUserMedianMs"));
  }

  String markdown() {
    return String.format(
        Locale.ROOT,
        """
        ## auth

        Run %s on %d CPUs (%s), %.1f GiB, load average (1, 5, 15 min) at the end %s, %s. Packaged auth-service (JVM, -Xmx512m) and PostgreSQL 15 on
        loopback; Argon2id m = 19456 KiB, t = 2, p = 1; RS256 with a 2048-bit key; %d closed-loop clients,
        %d s per phase after a warm-up. `bench/auth/run.sh` reproduces it.

        | measure | result |
        |---|---|
        | logins/s (`POST /api/authenticate`, 201) | %.1f |
        | login latency p50 / p99 / max | %.0f / %.0f / %.0f ms |
        | `POST /api/verify`/s | %.0f (p50 %.1f ms, p99 %.1f ms) |
        | local verifications/s (jose4j, JWKS keys, one thread) | %.0f |
        | failed login, median: wrong password / unknown user | %.0f / %.0f ms |
        | errors (non-2xx) during the phases | %d |
        """,
        at,
        Runtime.getRuntime().availableProcessors(),
        cpuModel(),
        memoryGiB(),
        Machine.loadAverage(),
        jvm(),
        clients,
        phase.toSeconds(),
        logins.perSecond(),
        logins.p50(),
        logins.p99(),
        logins.max(),
        verifies.perSecond(),
        verifies.p50(),
        verifies.p99(),
        localVerifiesPerSecond,
        failureTiming.get("wrongPasswordMedianMs"),
        failureTiming.get("unknownUserMedianMs"),
        logins.errors() + verifies.errors());
  }

  private static String json(Load.Result r) {
    return String.format(
        Locale.ROOT,
        "{\"ok\": %d, \"errors\": %d, \"seconds\": %.1f, \"perSecond\": %.1f, \"p50Ms\": %.1f,"
            + " \"p99Ms\": %.1f, \"maxMs\": %.1f}",
        r.ok(),
        r.errors(),
        r.seconds(),
        r.perSecond(),
        r.p50(),
        r.p99(),
        r.max());
  }

  private static String jvm() {
    return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip().replace("\"", ""))
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static double memoryGiB() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getTotalMemorySize() / (1024.0 * 1024 * 1024);
    }
    return 0;
  }
}
