package io.etherwatch.bench.auth;

import io.etherwatch.testsupport.ChildProcess;
import io.etherwatch.testsupport.Ports;
import io.etherwatch.testsupport.PostgresServer;
import io.etherwatch.testsupport.QuarkusApp;
import io.etherwatch.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

/**
 * Starts PostgreSQL and the packaged auth-service on loopback, then measures logins/s with their
 * latency, {@code POST /api/verify}/s, local JWKS verification/s (what the other services do), and
 * the time of a wrong password against an unknown user. Arguments: service jar, work folder,
 * results folder, seconds per phase, clients.
 */
public final class AuthBench {
  private AuthBench() {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    Path work = Path.of(args[1]);
    Path results = Path.of(args[2]);
    Duration phase = Duration.ofSeconds(Integer.parseInt(args[3]));
    int clients = Integer.parseInt(args[4]);
    Files.createDirectories(work);

    PostgresServer pg = PostgresServer.start(work);
    ChildProcess service = null;
    try {
      String adminPassword = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
      int port = Ports.free();
      Map<String, String> env = new LinkedHashMap<>();
      env.put("QUARKUS_DATASOURCE_JDBC_URL", pg.connection().jdbcUrl());
      env.put("QUARKUS_DATASOURCE_USERNAME", pg.connection().username());
      env.put("QUARKUS_DATASOURCE_PASSWORD", pg.connection().password());
      env.put("ETHERWATCH_AUTH_SIGNING_KEY", TestTokens.signingKeyPem().toString());
      env.put("ETHERWATCH_ADMIN_PASSWORD", adminPassword);
      // The timing phase fails on purpose, many times, from one address: no delay for it here.
      env.put("ETHERWATCH_AUTH_THROTTLE_FREE_FAILURES", "1000000");
      service =
          QuarkusApp.start(
              "auth-service",
              jar,
              port,
              List.of("-Xmx512m"),
              Map.of(),
              env,
              work.resolve("auth-service.log"));
      Client http = new Client(URI.create("http://127.0.0.1:" + port));

      String admin = http.login("admin", adminPassword).token();
      List<String[]> users = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        String name = "bench-" + i;
        String password = "bench passphrase number " + i;
        http.createUser(admin, name, password);
        users.add(new String[] {name, password});
      }

      Load load = new Load(http, users);
      load.logins(Duration.ofSeconds(5)); // warm-up: JIT and connection pools
      Load.Result logins = load.logins(phase);
      String token = http.login(users.get(0)[0], users.get(0)[1]).token();
      load.verifies(token, Duration.ofSeconds(3));
      Load.Result verifies = load.verifies(token, phase);
      double localPerSecond = localVerifications(http.base(), token, phase);
      Map<String, Double> timing = load.failureTiming(users.get(0)[0], 40);

      Report report =
          new Report(Instant.now(), clients, phase, logins, verifies, localPerSecond, timing);
      report.write(results);
      System.out.println(report.markdown());
    } finally {
      if (service != null) {
        service.stop(Duration.ofSeconds(20));
      }
      pg.stop();
    }
  }

  /**
   * Single-threaded jose4j verification with keys fetched from the JWKS URL, as a service does it.
   */
  private static double localVerifications(URI base, String token, Duration phase)
      throws Exception {
    JwtConsumer consumer =
        new JwtConsumerBuilder()
            .setVerificationKeyResolver(
                new HttpsJwksVerificationKeyResolver(
                    new HttpsJwks(base.resolve("/.well-known/jwks.json").toString())))
            .setJwsAlgorithmConstraints(
                AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
            .setExpectedIssuer("etherwatch")
            .setExpectedAudience("etherwatch-api")
            .setRequireExpirationTime()
            .build();
    long warmEnd = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (System.nanoTime() < warmEnd) {
      consumer.processToClaims(token);
    }
    long count = 0;
    long start = System.nanoTime();
    long end = start + phase.toNanos();
    while (System.nanoTime() < end) {
      consumer.processToClaims(token);
      count++;
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }

  /** The few calls the benchmark makes. */
  record Client(URI base, HttpClient http) {
    Client(URI base) {
      this(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    record Login(int status, String token) {}

    Login login(String username, String password) throws Exception {
      HttpResponse<String> response =
          http.send(
              json(
                      "/api/authenticate",
                      "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(username, password))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      int at = body.indexOf("\"token\":\"");
      String token = at < 0 ? null : body.substring(at + 9, body.indexOf('"', at + 9));
      return new Login(response.statusCode(), token);
    }

    int verify(String token) throws Exception {
      return http.send(
              HttpRequest.newBuilder(base.resolve("/api/verify"))
                  .header("Authorization", "Bearer " + token)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    }

    void createUser(String adminToken, String username, String password) throws Exception {
      int status =
          http.send(
                  json(
                          "/api/users",
                          "{\"username\":\"%s\",\"password\":\"%s\",\"roles\":[\"viewer\"],\"logGroups\":[\"*\"]}"
                              .formatted(username, password))
                      .header("Authorization", "Bearer " + adminToken)
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode();
      if (status != 201) {
        throw new IllegalStateException("creating " + username + " gave HTTP " + status);
      }
    }

    private HttpRequest.Builder json(String path, String body) {
      return HttpRequest.newBuilder(base.resolve(path))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body));
    }
  }
}
