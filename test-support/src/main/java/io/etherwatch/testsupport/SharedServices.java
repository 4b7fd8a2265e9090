package io.etherwatch.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The real services of one test JVM, each started on first use and shared by every test class after
 * it; they stop when the JVM exits. Their logs and data are in {@code
 * target/test-services/run-<pid>/} of the module under test.
 *
 * <p>Quarkus may load this class in more than one class loader, so what was started is recorded in
 * system properties (one JVM-wide table), and a second loader reuses it rather than starting a
 * second broker.
 */
public final class SharedServices {
  private static final String KAFKA = "etherwatch.test.kafka.bootstrap-servers";
  private static final String MOTO = "etherwatch.test.moto.endpoint";
  private static final String PG_URL = "etherwatch.test.postgres.jdbc-url";
  private static final String PG_USER = "etherwatch.test.postgres.username";
  private static final String PG_PASSWORD = "etherwatch.test.postgres.password";

  private SharedServices() {}

  /** The shared broker's bootstrap servers ({@code 127.0.0.1:<port>}). */
  public static String kafkaBootstrapServers() {
    synchronized (System.getProperties()) {
      if (System.getProperty(KAFKA) == null) {
        KafkaBroker broker = KafkaBroker.start(runDir().resolve("kafka"));
        System.setProperty(KAFKA, broker.bootstrapServers());
      }
      return System.getProperty(KAFKA);
    }
  }

  /** The shared moto server's endpoint. */
  public static URI motoEndpoint() {
    synchronized (System.getProperties()) {
      if (System.getProperty(MOTO) == null) {
        System.setProperty(MOTO, MotoServer.start(runDir()).endpoint().toString());
      }
      return URI.create(System.getProperty(MOTO));
    }
  }

  /** The shared PostgreSQL server's database {@value PostgresServer#DATABASE}. */
  public static PostgresServer.Connection postgres() {
    synchronized (System.getProperties()) {
      if (System.getProperty(PG_URL) == null) {
        PostgresServer server = PostgresServer.start(runDir());
        Runtime.getRuntime()
            .addShutdownHook(new Thread(server::stop, "etherwatch-postgres-stopper"));
        PostgresServer.Connection connection = server.connection();
        System.setProperty(PG_URL, connection.jdbcUrl());
        System.setProperty(PG_USER, connection.username());
        System.setProperty(PG_PASSWORD, connection.password());
      }
      return new PostgresServer.Connection(
          System.getProperty(PG_URL), System.getProperty(PG_USER), System.getProperty(PG_PASSWORD));
    }
  }

  /**
   * A folder of this JVM's own under {@code target/test-services}, for servers a test starts itself
   * (a broker it restarts, a moto it must not share). Folders of earlier runs whose JVM is gone are
   * removed first.
   */
  public static Path runDir() {
    Path base = Path.of("target", "test-services").toAbsolutePath();
    Path mine = base.resolve("run-" + ProcessHandle.current().pid());
    try {
      if (!Files.isDirectory(mine)) {
        Files.createDirectories(base);
        try (Stream<Path> runs = Files.list(base)) {
          runs.filter(SharedServices::isStaleRun).forEach(PostgresServer::deleteTree);
        }
        Files.createDirectories(mine);
      }
      return mine;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + mine, e);
    }
  }

  private static boolean isStaleRun(Path dir) {
    String name = dir.getFileName().toString();
    if (!name.startsWith("run-")) {
      return false;
    }
    try {
      return ProcessHandle.of(Long.parseLong(name.substring(4)))
          .map(p -> !p.isAlive())
          .orElse(true);
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
