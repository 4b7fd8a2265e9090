package io.etherwatch.bench.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.testsupport.ChildProcess;
import io.etherwatch.testsupport.Ports;
import io.etherwatch.testsupport.QuarkusApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A packaged Quarkus service (log-ingest-service, or push-service for the watched scenario) as a
 * child process, its Prometheus metrics and log-ingest-service's status.
 */
final class ServiceProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChildProcess process;
  private final int port;

  ServiceProcess(Path jar, Path dir, String name, Map<String, String> props) {
    this.port = Ports.free();
    Map<String, String> all = new TreeMap<>(props);
    all.put("aws.accessKeyId", "test");
    all.put("aws.secretAccessKey", "test");
    process =
        QuarkusApp.start(
            name, jar, port, List.of("-Xmx512m"), all, Map.of(), dir.resolve(name + ".log"));
  }

  /** Sum of a counter's samples whose labels contain every {@code labelFragment}. */
  double sum(String metric, String... labelFragments) {
    Pattern line =
        Pattern.compile("^" + Pattern.quote(metric) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
    Matcher m = line.matcher(get("/q/metrics"));
    double total = 0;
    while (m.find()) {
      boolean all = true;
      for (String f : labelFragments) {
        all &= m.group(1).contains(f);
      }
      if (all) {
        total += Double.parseDouble(m.group(2));
      }
    }
    return total;
  }

  /** The loopback HTTP port the service listens on. */
  int port() {
    return port;
  }

  /** The samples of {@code /q/metrics} whose metric name contains {@code fragment}, as served. */
  List<String> metricLines(String fragment) {
    String answer = get("/q/metrics");
    return answer
        .substring(answer.indexOf(' ') + 1)
        .lines()
        .filter(l -> !l.startsWith("#") && l.split("[{ ]", 2)[0].contains(fragment))
        .toList();
  }

  /** The body of {@code GET /api/ingest/status}, or an empty object when it does not answer 200. */
  JsonNode status() {
    String answer = get("/api/ingest/status");
    if (!answer.startsWith("200 ")) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(answer.substring(4));
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  /** The status code, a space and the body; empty when the service does not answer. */
  private String get(String path) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() + " " + r.body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  @Override
  public void close() {
    process.stop(Duration.ofSeconds(20));
  }
}
