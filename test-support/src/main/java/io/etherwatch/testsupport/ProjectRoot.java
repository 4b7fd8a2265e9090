package io.etherwatch.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the repository root, where the broker jars, the Python virtual environment and the scripts
 * are.
 */
public final class ProjectRoot {
  private ProjectRoot() {}

  /**
   * The root named by the {@code etherwatch.root} system property (set by the build) or {@code
   * ETHERWATCH_ROOT}, else the nearest folder above the working directory that holds the {@code
   * etherwatch} script.
   */
  public static Path get() {
    String named = System.getProperty("etherwatch.root", System.getenv("ETHERWATCH_ROOT"));
    if (named != null && !named.isBlank() && Files.isRegularFile(Path.of(named, "etherwatch"))) {
      return Path.of(named).toAbsolutePath();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("etherwatch"))
          && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "cannot find the Etherwatch repository root: run the tests from the repository (./etherwatch test)");
  }
}
