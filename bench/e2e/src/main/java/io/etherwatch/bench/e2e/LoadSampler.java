package io.etherwatch.bench.e2e;

import io.etherwatch.bench.common.Machine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine's 1-minute load average every {@value #EVERY_MILLIS} ms while the canary runs (other
 * work shares the two cores; the report says how much).
 */
final class LoadSampler implements AutoCloseable {
  static final long EVERY_MILLIS = 5_000;

  private final List<Double> samples = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  LoadSampler() {
    thread =
        new Thread(
            () -> {
              while (running) {
                String l = Machine.loadAverage();
                if (!l.equals("unknown")) {
                  synchronized (samples) {
                    samples.add(Double.parseDouble(l.split(" ")[0]));
                  }
                }
                try {
                  Thread.sleep(EVERY_MILLIS);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "load-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  /** {@code samples}, {@code min}, {@code mean} and {@code max} of the 1-minute load average. */
  Map<String, Object> summary() {
    synchronized (samples) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("samples", samples.size());
      boolean none = samples.isEmpty();
      m.put("min", none ? null : samples.stream().mapToDouble(d -> d).min().getAsDouble());
      m.put(
          "mean",
          none ? null : Canary.round(samples.stream().mapToDouble(d -> d).average().getAsDouble()));
      m.put("max", none ? null : samples.stream().mapToDouble(d -> d).max().getAsDouble());
      return m;
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
