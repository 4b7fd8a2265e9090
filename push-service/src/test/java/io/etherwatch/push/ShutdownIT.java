package io.etherwatch.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.etherwatch.testsupport.ChildProcess;
import io.etherwatch.testsupport.Ports;
import io.etherwatch.testsupport.SharedServices;
import io.etherwatch.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged service ({@code target/quarkus-app}) stopped with SIGTERM, as Kubernetes stops a
 * pod: every open connection, subscribed or not, is closed with 1001 so that its client reconnects
 * elsewhere at once, and the service logs no error for any of them.
 */
class ShutdownIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void sigtermClosesEveryConnectionWithGoingAway() throws Exception {
    LogFixture fixture = LogFixture.create("shutdown", 1, "s1");
    int port = Ports.free();
    Path dir = SharedServices.runDir();
    Path log = dir.resolve("push-shutdown-" + port + ".log");
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Dquarkus.http.port=" + port,
            "-Dkafka.bootstrap.servers=" + SharedServices.kafkaBootstrapServers(),
            "-Dmp.jwt.verify.publickey.location=" + TestTokens.jwksFile().toUri(),
            "-Detherwatch.aws.endpoint-override=" + SharedServices.motoEndpoint(),
            "-jar",
            System.getProperty("push.app.jar"));
    ChildProcess push =
        ChildProcess.start(
            "push-shutdown",
            command,
            dir,
            Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"),
            log,
            "TERM",
            null);
    List<WsClient> clients = new ArrayList<>();
    try {
      push.awaitReady(Duration.ofSeconds(90), () -> ready(port));
      URI ws = URI.create("ws://127.0.0.1:" + port + "/ws");
      String token = PushTestBase.token(fixture.group);
      for (int i = 0; i < 3; i++) {
        clients.add(WsClient.withToken(ws, token));
      }
      // One connection holds a live subscription that has delivered, so shutdown also ends a
      // subscription the live reader serves.
      String subscription = clients.get(0).subscribe(PushTestBase.request(fixture.group, "s1"));
      fixture.produce(List.of(fixture.event("s1", "before shutdown")));
      assertThat(PushTestBase.events(clients.get(0), subscription, 1))
          .extracting(e -> e.getString("message"))
          .containsExactly("before shutdown");

      push.stop(Duration.ofSeconds(30));

      assertThat(clients).extracting(WsClient::closeCode).containsOnly(1001);
      String output = Files.readString(log);
      assertThat(output).contains("shutdown: closed 3 connections with 1001");
      assertThat(output).doesNotContain("ERROR");
    } finally {
      clients.forEach(WsClient::close);
      if (push.isAlive()) {
        push.kill();
      }
    }
  }

  private static boolean ready(int port) {
    try {
      HttpResponse<Void> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }
}
