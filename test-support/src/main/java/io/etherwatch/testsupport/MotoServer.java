package io.etherwatch.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * The moto AWS server ({@code moto_server} from the git-ignored {@code .venv} that {@code
 * ./etherwatch test} makes) on a free loopback port. It holds everything in memory: use unique
 * names per test rather than resetting it.
 */
public final class MotoServer {
  public static final Region REGION = Region.US_EAST_1;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final int port;
  private final ChildProcess process;

  private MotoServer(int port, ChildProcess process) {
    this.port = port;
    this.process = process;
  }

  /** Starts moto on a free port; its log goes to {@code logDir/moto.log}. */
  public static MotoServer start(Path logDir) {
    Path motoServer = venv().resolve("bin/moto_server");
    if (!Files.isExecutable(motoServer)) {
      throw new IllegalStateException(
          "moto is not installed (" + motoServer + "): run ./etherwatch test, which installs it");
    }
    int port = Ports.free();
    ChildProcess process =
        ChildProcess.start(
            "moto",
            List.of(motoServer.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)),
            logDir,
            Map.of(),
            logDir.resolve("moto.log"),
            "TERM",
            null);
    MotoServer moto = new MotoServer(port, process);
    process.awaitReady(READY_TIMEOUT, moto::answers);
    return moto;
  }

  /**
   * The virtual environment with moto and awscli: {@code ETHERWATCH_VENV}, else {@code .venv} at
   * the root.
   */
  public static Path venv() {
    String named = System.getenv("ETHERWATCH_VENV");
    return named != null && !named.isBlank() ? Path.of(named) : ProjectRoot.get().resolve(".venv");
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public ChildProcess process() {
    return process;
  }

  public void stop() {
    process.stop(Duration.ofSeconds(10));
  }

  /**
   * Points an AWS SDK v2 client builder at {@code endpoint}, region us-east-1, with dummy
   * credentials.
   */
  public static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
      B builder, URI endpoint) {
    return builder
        .endpointOverride(endpoint)
        .region(REGION)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClientBuilder(UrlConnectionHttpClient.builder());
  }

  private boolean answers() {
    try {
      HttpResponse<Void> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(endpoint().resolve("/moto-api/"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
