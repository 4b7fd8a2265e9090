package io.etherwatch.bench.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The machine a benchmark ran on, as its report states it (DESIGN section 10). */
public final class Machine {
  private Machine() {}

  /** {@code cpus} (available processors), {@code os} (name and kernel) and {@code jvm}. */
  public static Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpus", Runtime.getRuntime().availableProcessors());
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    return m;
  }

  /**
   * The 1, 5 and 15 minute load averages of {@code /proc/loadavg} ("unknown" where there is none):
   * other work on the machine shares its cores.
   */
  public static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
