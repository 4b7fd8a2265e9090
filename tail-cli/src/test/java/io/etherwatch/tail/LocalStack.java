package io.etherwatch.tail;

import io.etherwatch.testsupport.ChildProcess;
import io.etherwatch.testsupport.Ports;
import io.etherwatch.testsupport.PostgresServer;
import io.etherwatch.testsupport.ProjectRoot;
import io.etherwatch.testsupport.QuarkusApp;
import io.etherwatch.testsupport.SharedServices;
import io.etherwatch.testsupport.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The packaged auth-service (with PostgreSQL), push-service and inventory-service as child
 * processes on loopback ports of their own, with the JVM's shared Kafka broker and moto: the parts
 * {@code ./etherwatch tail} talks to. Access tokens live {@link #TOKEN_LIFETIME_SECONDS} s, so a
 * test of a few tens of seconds sees the client renew one on its open connection. push-service
 * signs cursors with a fixed key, so they outlive its restart.
 */
final class LocalStack {
  static final int TOKEN_LIFETIME_SECONDS = 15;
  private static final List<String> JVM =
      List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  final String adminPassword = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
  final int authPort = Ports.free();
  final int pushPort = Ports.free();
  final int inventoryPort = Ports.free();
  private final Path dir = SharedServices.runDir();
  private final String cursorKey = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
  private ChildProcess auth;
  private ChildProcess push;
  private ChildProcess inventory;

  /** Starts the three services at once (they need each other only at request time). */
  void start() throws Exception {
    PostgresServer.Connection pg = SharedServices.postgres();
    String kafka = SharedServices.kafkaBootstrapServers();
    SharedServices.motoEndpoint();
    Map<String, String> authEnv = new LinkedHashMap<>();
    authEnv.put("QUARKUS_DATASOURCE_JDBC_URL", pg.jdbcUrl());
    authEnv.put("QUARKUS_DATASOURCE_USERNAME", pg.username());
    authEnv.put("QUARKUS_DATASOURCE_PASSWORD", pg.password());
    authEnv.put("ETHERWATCH_AUTH_SIGNING_KEY", TestTokens.signingKeyPem().toString());
    authEnv.put("ETHERWATCH_ADMIN_PASSWORD", adminPassword);
    authEnv.put("ETHERWATCH_AUTH_ACCESS_TOKEN_LIFETIME", TOKEN_LIFETIME_SECONDS + "S");
    CompletableFuture<ChildProcess> authStarted =
        CompletableFuture.supplyAsync(
            () ->
                QuarkusApp.start(
                    "auth-service",
                    jar("auth-service"),
                    authPort,
                    JVM,
                    Map.of(),
                    authEnv,
                    dir.resolve("auth-service.log")));
    CompletableFuture<ChildProcess> inventoryStarted =
        CompletableFuture.supplyAsync(
            () ->
                QuarkusApp.start(
                    "inventory-service",
                    jar("inventory-service"),
                    inventoryPort,
                    JVM,
                    Map.of(
                        "mp.jwt.verify.publickey.location", jwks(),
                        "etherwatch.aws.endpoint-override",
                            SharedServices.motoEndpoint().toString()),
                    awsEnv(),
                    dir.resolve("inventory-service.log")));
    startPush(kafka);
    auth = authStarted.get();
    inventory = inventoryStarted.get();
  }

  /** kill -9 of push-service, as a crashed pod. */
  void killPush() {
    push.kill();
  }

  /** push-service again on the same port, the same cursor key. */
  void startPush() {
    startPush(SharedServices.kafkaBootstrapServers());
  }

  private void startPush(String kafka) {
    push =
        QuarkusApp.start(
            "push-service",
            jar("push-service"),
            pushPort,
            JVM,
            Map.of(
                "kafka.bootstrap.servers",
                kafka,
                "mp.jwt.verify.publickey.location",
                jwks(),
                "etherwatch.aws.endpoint-override",
                SharedServices.motoEndpoint().toString(),
                "etherwatch.push.cursor-key",
                cursorKey),
            awsEnv(),
            dir.resolve("push-service-" + System.nanoTime() + ".log"));
  }

  String authUrl() {
    return "http://127.0.0.1:" + authPort;
  }

  String pushUrl() {
    return "ws://127.0.0.1:" + pushPort + "/ws";
  }

  String inventoryUrl() {
    return "http://127.0.0.1:" + inventoryPort;
  }

  private String jwks() {
    return authUrl() + "/.well-known/jwks.json";
  }

  private static Map<String, String> awsEnv() {
    return Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test");
  }

  private static Path jar(String service) {
    Path jar = ProjectRoot.get().resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: package " + service + " first");
    }
    return jar;
  }
}
