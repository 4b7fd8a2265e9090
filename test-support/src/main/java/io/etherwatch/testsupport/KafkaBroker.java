package io.etherwatch.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real one-node Apache Kafka broker (KRaft, broker and controller in one process), run from the
 * jars that the {@code deploy/local/kafka-broker} module copies, with {@code
 * deploy/local/kafka-broker/broker.properties}: the same broker and settings as {@code ./etherwatch
 * up}.
 */
public final class KafkaBroker {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  private final Path dataDir;
  private final int port;
  private final int controllerPort;
  private ChildProcess process;

  private KafkaBroker(Path dataDir, int port, int controllerPort) {
    this.dataDir = dataDir;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  /** Formats {@code dataDir} if it is new and starts a broker on free loopback ports. */
  public static KafkaBroker start(Path dataDir) {
    KafkaBroker broker = new KafkaBroker(dataDir, Ports.free(), Ports.free());
    broker.startProcess();
    return broker;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public ChildProcess process() {
    return process;
  }

  /** Stops the broker cleanly (controlled shutdown). */
  public void stop() {
    process.stop(Duration.ofSeconds(30));
  }

  /** kill -9 of the broker process. */
  public void kill() {
    process.kill();
  }

  /**
   * Starts the broker again on the same ports and data, after {@link #stop()} or {@link #kill()}.
   */
  public void restart() {
    if (process.isAlive()) {
      stop();
    }
    startProcess();
  }

  private void startProcess() {
    Path home = ProjectRoot.get().resolve("deploy/local/kafka-broker");
    Path libs = home.resolve("target/libs");
    if (!Files.isDirectory(libs)) {
      throw new IllegalStateException(
          "the Kafka broker jars are missing ("
              + libs
              + "): build them with ./mvnw -B -ntp -pl deploy/local/kafka-broker package, or run ./etherwatch test");
    }
    try {
      Files.createDirectories(dataDir);
      Path config = dataDir.resolve("server.properties");
      String template = Files.readString(home.resolve("broker.properties"));
      Files.writeString(
          config,
          template
              .replace("@PORT@", Integer.toString(port))
              .replace("@CONTROLLER_PORT@", Integer.toString(controllerPort))
              .replace("@DATA_DIR@", dataDir.toAbsolutePath().toString()));
      List<String> java =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xms128m",
              "-Xmx512m",
              "-XX:+UseSerialGC",
              "-Dlog4j2.configurationFile=" + home.resolve("log4j2.properties"),
              "-cp",
              libs + "/*");
      Path log = dataDir.resolve("broker.log");
      if (!Files.exists(dataDir.resolve("logs/meta.properties"))) {
        ChildProcess.run(
            "kafka-storage-format",
            concat(
                java,
                "kafka.tools.StorageTool",
                "format",
                "-t",
                randomClusterId(),
                "-c",
                config.toString(),
                "--standalone"),
            dataDir,
            log,
            null);
      }
      process =
          ChildProcess.start(
              "kafka-broker",
              concat(java, "kafka.Kafka", config.toString()),
              dataDir,
              Map.of(),
              log,
              "TERM",
              null);
      process.awaitReady(READY_TIMEOUT, this::answers);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Kafka broker in " + dataDir, e);
    }
  }

  private boolean answers() {
    if (!Ports.listening(port)) {
      return false;
    }
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
    try (Admin admin = Admin.create(props)) {
      return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  private static List<String> concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all;
  }

  /**
   * A cluster id as Kafka writes them: 16 random bytes, URL-safe base64 without padding, never
   * starting with '-' (the storage tool would read it as an option).
   */
  private static String randomClusterId() {
    while (true) {
      UUID uuid = UUID.randomUUID();
      ByteBuffer bytes = ByteBuffer.allocate(16);
      bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
      String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
      if (!id.startsWith("-")) {
        return id;
      }
    }
  }
}
