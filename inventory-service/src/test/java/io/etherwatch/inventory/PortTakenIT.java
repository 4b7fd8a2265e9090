package io.etherwatch.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged service, started on a port something else holds, says which part and port. */
class PortTakenIT {

  @Test
  void aTakenPortEndsTheServiceWithALineNamingPartAndPort() throws Exception {
    Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
    assertThat(jar).exists();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path output = Files.createTempFile(Path.of("target"), "port-taken", ".log");
      String java = ProcessHandle.current().info().command().orElse("java");
      Process service =
          new ProcessBuilder(
                  java, "-Dquarkus.http.port=" + taken.getLocalPort(), "-jar", jar.toString())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      try {
        assertThat(service.waitFor(60, TimeUnit.SECONDS)).as("the service exits").isTrue();
        assertThat(service.exitValue()).isEqualTo(1);
        assertThat(Files.readString(output, StandardCharsets.UTF_8))
            .contains(
                "inventory-service: cannot listen on 127.0.0.1:"
                    + taken.getLocalPort()
                    + ", the port is already in use");
      } finally {
        service.destroyForcibly();
      }
    }
  }
}
