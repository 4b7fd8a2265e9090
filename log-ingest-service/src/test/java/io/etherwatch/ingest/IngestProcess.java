package io.etherwatch.ingest;

import io.etherwatch.testsupport.ChildProcess;
import io.etherwatch.testsupport.Ports;
import io.etherwatch.testsupport.QuarkusApp;
import io.etherwatch.testsupport.SharedServices;
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

/** The packaged service ({@code target/quarkus-app/quarkus-run.jar}) as a child process. */
final class IngestProcess {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern SWEEPS =
      Pattern.compile(
          "etherwatch_ingest_api_calls_total\\{operation=\"FilterLogEvents\",read=\"sweep\"\\} ([0-9.E]+)");

  private final ChildProcess process;
  private final int port;

  private IngestProcess(ChildProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts a replica following groups with {@code groupPrefix}, in coordination group and
   * transactional ids named after {@code deployment}, against the JVM's shared broker and moto.
   */
  static IngestProcess start(String name, String deployment, String groupPrefix) {
    return start(name, deployment, groupPrefix, SharedServices.kafkaBootstrapServers());
  }

  /** The same against the broker at {@code bootstrapServers}. */
  static IngestProcess start(
      String name, String deployment, String groupPrefix, String bootstrapServers) {
    return start(name, deployment, groupPrefix, bootstrapServers, Map.of());
  }

  /** The same with {@code overrides} of the test settings below. */
  static IngestProcess start(
      String name,
      String deployment,
      String groupPrefix,
      String bootstrapServers,
      Map<String, String> overrides) {
    int port = Ports.free();
    Map<String, String> props = new TreeMap<>();
    props.put("kafka.bootstrap.servers", bootstrapServers);
    props.put("etherwatch.aws.endpoint-override", SharedServices.motoEndpoint().toString());
    props.put("aws.accessKeyId", "test");
    props.put("aws.secretAccessKey", "test");
    props.put("etherwatch.ingest.groups", groupPrefix + "*");
    props.put("etherwatch.ingest.kafka.coordination-group", deployment);
    props.put("etherwatch.ingest.kafka.transactional-id-prefix", deployment);
    props.put("etherwatch.ingest.kafka.session-timeout", "6s");
    props.put("etherwatch.ingest.poll-interval-max", "1s");
    props.put("etherwatch.ingest.sweep-interval", "3s");
    props.put("etherwatch.ingest.discovery-interval", "2s");
    props.put("etherwatch.ingest.budget.calls-per-second", "20");
    props.put("etherwatch.ingest.budget.burst", "20");
    props.putAll(overrides);
    Path dir = SharedServices.runDir();
    ChildProcess child =
        QuarkusApp.start(
            name,
            Path.of(System.getProperty("ingest.app.jar")),
            port,
            List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
            props,
            Map.of(),
            dir.resolve(name + ".log"));
    return new IngestProcess(child, port);
  }

  /** kill -9. */
  void kill() {
    process.kill();
  }

  void stop() {
    process.stop(Duration.ofSeconds(20));
  }

  /** {@code GET /api/ingest/status} as "status body" (empty when it does not answer). */
  String status() {
    return get("/api/ingest/status");
  }

  /** How many sweeps (FilterLogEvents calls of the sweep) this replica made. */
  double sweeps() {
    Matcher m = SWEEPS.matcher(get("/q/metrics"));
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  /** {@code GET /q/metrics} (empty when it does not answer). */
  String metrics() {
    return get("/q/metrics");
  }

  /** The value of a metric line without labels (NaN when absent). */
  double gauge(String name) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.E-]+)$").matcher(get("/q/metrics"));
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  private String get(String path) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() + " " + response.body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
