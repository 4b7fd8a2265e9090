package io.etherwatch.bench.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code ./etherwatch bench e2e} (bench/e2e/run.sh starts or finds the stack and passes where it
 * answers as system properties): runs the {@link Canary} and writes {@code bench/results/e2e.json}
 * and {@code e2e.md}; with {@code bench.only=report} only rebuilds the markdown from the JSON.
 */
public final class E2eBench {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private E2eBench() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(System.getProperty("etherwatch.root", ".")).resolve("bench/results");
    Files.createDirectories(out);
    Path json = out.resolve("e2e.json");
    Map<String, Object> results;
    if ("report".equals(System.getProperty("bench.only"))) {
      @SuppressWarnings("unchecked")
      Map<String, Object> read = JSON.readValue(json.toFile(), Map.class);
      results = read;
    } else {
      Canary.Settings settings =
          new Canary.Settings(
              Integer.getInteger("bench.groups", 4),
              Integer.getInteger("bench.streams", 2),
              Integer.getInteger("bench.rate", 2),
              Integer.getInteger("bench.duration", 180),
              Integer.getInteger("bench.quiet", 120),
              Integer.getInteger("bench.burst-rate", 10),
              Integer.getInteger("bench.drain", 180));
      Canary.Stack stack =
          new Canary.Stack(
              URI.create(required("bench.moto")),
              URI.create(required("bench.auth")),
              Integer.parseInt(required("bench.push-port")),
              URI.create(required("bench.ingest")),
              required("bench.kafka"),
              password());
      results = JSON.convertValue(new Canary(settings, stack).run(), Map.class);
      Files.write(json, JSON.writeValueAsBytes(results));
    }
    Files.writeString(out.resolve("e2e.md"), E2eReport.markdown(results));
    System.out.println("e2e: results in " + out.resolve("e2e.md"));
    // The WebSocket client's and the SDK's threads would keep the JVM up for a while.
    System.exit(0);
  }

  /** The admin's password, from the environment (not the command line, which ps shows). */
  private static String password() {
    String v = System.getenv("ETHERWATCH_BENCH_PASSWORD");
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("ETHERWATCH_BENCH_PASSWORD is required");
    }
    return v;
  }

  private static String required(String key) {
    String v = System.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("system property " + key + " is required");
    }
    return v;
  }
}
