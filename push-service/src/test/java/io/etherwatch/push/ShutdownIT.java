package io.etherwatch.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.etherwatch.logevent.WatchedGroup;
import io.etherwatch.testsupport.ChildProcess;
import io.etherwatch.testsupport.Ports;
import io.etherwatch.testsupport.QuarkusApp;
import io.etherwatch.testsupport.SharedServices;
import io.etherwatch.testsupport.TestTokens;
import java.net.URI;
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
 * elsewhere at once, the groups it announced as watched get their tombstones, and the service logs
 * no error for any of them.
 */
class ShutdownIT {
  @Test
  void sigtermClosesEveryConnectionWithGoingAway() throws Exception {
    LogFixture fixture = LogFixture.create("shutdown", 1, "s1");
    int port = Ports.free();
    Path log = SharedServices.runDir().resolve("push-shutdown-" + port + ".log");
    ChildProcess push =
        QuarkusApp.start(
            "push-shutdown",
            Path.of(System.getProperty("push.app.jar")),
            port,
            List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
            Map.of(
                "kafka.bootstrap.servers", SharedServices.kafkaBootstrapServers(),
                "mp.jwt.verify.publickey.location", TestTokens.jwksFile().toUri().toString(),
                "etherwatch.aws.endpoint-override", SharedServices.motoEndpoint().toString(),
                "etherwatch.push.replica-id", "push-shutdown-" + port),
            Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"),
            log);
    List<WsClient> clients = new ArrayList<>();
    try (WatchedRecords watched = new WatchedRecords(WatchedGroup.TOPIC)) {
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
      assertThat(
              watched
                  .awaitRecord(fixture.group, v -> v.getInteger("subscribers") == 1)
                  .getString("replica"))
          .isEqualTo("push-shutdown-" + port);

      push.stop(Duration.ofSeconds(30));

      assertThat(clients).extracting(WsClient::closeCode).containsOnly(1001);
      String output = Files.readString(log);
      assertThat(output).contains("shutdown: closed 3 connections with 1001");
      assertThat(output).doesNotContain("ERROR");
      assertThat(watched.awaitTombstone(fixture.group).replica())
          .isEqualTo("push-shutdown-" + port);
    } finally {
      clients.forEach(WsClient::close);
      if (push.isAlive()) {
        push.kill();
      }
    }
  }
}
