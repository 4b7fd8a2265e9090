package io.etherwatch.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from the machine's binaries (Debian's {@code postgresql} package):
 * {@code initdb} into a fresh folder, then {@code postgres} on a free loopback port, with a
 * generated password. PostgreSQL refuses to run as root, so under root it runs as the {@code
 * postgres} user the Debian package creates.
 */
public final class PostgresServer {
  public static final String DATABASE = "etherwatch";
  public static final String USER = "etherwatch";
  private static final String RUN_AS = "postgres";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  /** How a client reaches the database. */
  public record Connection(String jdbcUrl, String username, String password) {}

  private final Path dataDir;
  private final int port;
  private final String password;
  private final ChildProcess process;

  private PostgresServer(Path dataDir, int port, String password, ChildProcess process) {
    this.dataDir = dataDir;
    this.port = port;
    this.password = password;
    this.process = process;
  }

  /**
   * Creates a cluster in a new folder under {@code parent} and starts it with database {@value
   * #DATABASE}.
   */
  public static PostgresServer start(Path parent) {
    Path bin = binaries();
    try {
      Files.createDirectories(parent);
      Path dataDir = Files.createTempDirectory(parent, "postgres-");
      String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
      Path passwordFile = dataDir.resolve("password");
      Files.writeString(passwordFile, password);
      Path cluster = dataDir.resolve("data");
      Path log = dataDir.resolve("postgres.log");
      Files.createFile(log);
      if (ChildProcess.isRoot()) {
        giveTo(RUN_AS, dataDir, passwordFile, log);
      }
      ChildProcess.run(
          "initdb",
          List.of(
              bin.resolve("initdb").toString(),
              "-D",
              cluster.toString(),
              "-U",
              USER,
              "--pwfile=" + passwordFile,
              "--auth=scram-sha-256",
              "--encoding=UTF8",
              "--locale=C",
              "--no-sync"),
          dataDir,
          log,
          RUN_AS);
      int port = Ports.free();
      ChildProcess process =
          ChildProcess.start(
              "postgres",
              List.of(
                  bin.resolve("postgres").toString(),
                  "-D",
                  cluster.toString(),
                  "-p",
                  Integer.toString(port),
                  "-h",
                  "127.0.0.1",
                  "-k",
                  dataDir.toString(),
                  // Test data is thrown away: durability costs time and buys nothing here.
                  "-c",
                  "fsync=off",
                  "-c",
                  "synchronous_commit=off",
                  "-c",
                  "full_page_writes=off"),
              dataDir,
              Map.of(),
              log,
              "INT",
              RUN_AS);
      PostgresServer server = new PostgresServer(dataDir, port, password, process);
      process.awaitReady(READY_TIMEOUT, server::answers);
      server.execute("postgres", "CREATE DATABASE " + DATABASE);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start PostgreSQL under " + parent, e);
    }
  }

  public Connection connection() {
    return new Connection(jdbcUrl(DATABASE), USER, password);
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public ChildProcess process() {
    return process;
  }

  /** Fast shutdown, then the cluster folder is deleted. */
  public void stop() {
    process.stop(Duration.ofSeconds(20));
    deleteTree(dataDir);
  }

  /** Runs one SQL statement as the owner, in {@code database}. */
  public void execute(String database, String sql) {
    try (java.sql.Connection c = DriverManager.getConnection(jdbcUrl(database), USER, password);
        Statement statement = c.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL refused `" + sql + "`: " + e.getMessage(), e);
    }
  }

  private boolean answers() {
    try (java.sql.Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, password)) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * The folder with initdb and postgres: {@code ETHERWATCH_PG_BIN}, else the newest Debian
   * PostgreSQL.
   */
  static Path binaries() {
    String named = System.getenv("ETHERWATCH_PG_BIN");
    if (named != null && !named.isBlank()) {
      return Path.of(named);
    }
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        List<Path> found =
            new ArrayList<>(
                versions
                    .filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                    .map(v -> v.resolve("bin"))
                    .toList());
        found.sort(Comparator.comparing(p -> versionOf(p.getParent())));
        if (!found.isEmpty()) {
          return found.get(found.size() - 1);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException(
        "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run ./etherwatch test, which installs it");
  }

  private static int versionOf(Path dir) {
    try {
      return Integer.parseInt(dir.getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void giveTo(String user, Path... paths) throws IOException {
    UserPrincipalLookupService users = paths[0].getFileSystem().getUserPrincipalLookupService();
    try {
      for (Path path : paths) {
        PosixFileAttributeView view =
            Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(users.lookupPrincipalByName(user));
        view.setGroup(users.lookupPrincipalByGroupName(user));
      }
    } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
      throw new IllegalStateException(
          "PostgreSQL refuses to run as root and there is no '"
              + user
              + "' user to run it as: install Debian's postgresql package (./etherwatch test does)",
          e);
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
