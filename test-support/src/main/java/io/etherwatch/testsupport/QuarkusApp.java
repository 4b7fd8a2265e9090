package io.etherwatch.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A packaged Quarkus service ({@code target/quarkus-app/quarkus-run.jar}) as a child process on a
 * loopback port, for tests and benchmarks that stop, kill or measure the real thing.
 */
public final class QuarkusApp {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private QuarkusApp() {}

  /**
   * Starts {@code jar} with {@code jvmOptions}, then {@code properties} as {@code -D} options and
   * {@code quarkus.http.port=port}; output goes to {@code log}, SIGTERM stops it. Returns once
   * {@code /q/health/ready} answers 200, or fails with the end of the log.
   */
  public static ChildProcess start(
      String name,
      Path jar,
      int port,
      List<String> jvmOptions,
      Map<String, String> properties,
      Map<String, String> env,
      Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-Dquarkus.http.port=" + port);
    properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.addAll(List.of("-jar", jar.toString()));
    ChildProcess child = ChildProcess.start(name, command, log.getParent(), env, log, "TERM", null);
    child.awaitReady(Duration.ofSeconds(120), () -> ready(port));
    return child;
  }

  /** Whether the service on {@code port} answers {@code /q/health/ready} with 200. */
  public static boolean ready(int port) {
    try {
      HttpResponse<Void> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
