package io.etherwatch.tail;

import static org.awaitility.Awaitility.await;

import io.etherwatch.testsupport.ProjectRoot;
import io.etherwatch.testsupport.SharedServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The packaged {@code etherwatch-tail.jar} run as the {@code etherwatch} script runs it ({@code
 * java -jar}), stdout and stderr each in a file of their own, with an environment cleaned of the
 * caller's ETHERWATCH_* variables.
 */
final class TailProcess implements AutoCloseable {
  private static final AtomicInteger RUNS = new AtomicInteger();

  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private TailProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  static TailProcess start(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of("-Xmx64m", "-XX:TieredStopAtLevel=1", "-jar", System.getProperty("tail.jar")));
    command.addAll(List.of(args));
    return run(env, command);
  }

  /** Through the {@code etherwatch} script ({@code ./etherwatch tail ARGS}), as a user runs it. */
  static TailProcess script(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.addAll(List.of("bash", ProjectRoot.get().resolve("etherwatch").toString(), "tail"));
    command.addAll(List.of(args));
    return run(env, command);
  }

  private static TailProcess run(Map<String, String> env, List<String> command) {
    Path dir = SharedServices.runDir().resolve("tail-" + RUNS.incrementAndGet());
    try {
      Files.createDirectories(dir);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectOutput(dir.resolve("stdout").toFile())
              .redirectError(dir.resolve("stderr").toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder
          .environment()
          .keySet()
          .removeIf(k -> k.startsWith("ETHERWATCH_") || k.equals("NO_COLOR"));
      // No demo password file is to be found: the tests say which password they use.
      builder.environment().put("ETHERWATCH_STATE", dir.resolve("no-state").toString());
      builder.environment().putAll(env);
      return new TailProcess(builder.start(), dir.resolve("stdout"), dir.resolve("stderr"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<String> stdout() {
    return lines(stdout);
  }

  List<String> stderr() {
    return lines(stderr);
  }

  /** Waits for the exit; its code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("tail did not exit within " + timeout + "; stderr: " + stderr());
    }
    return process.exitValue();
  }

  /** Waits until stderr has a line containing {@code text}. */
  void awaitStderr(String text, Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .failFast("tail exited; stderr: " + stderrSafe(), () -> !process.isAlive())
        .until(() -> stderr().stream().anyMatch(l -> l.contains(text)));
  }

  /** Waits until stdout has a line containing {@code text}. */
  void awaitStdout(String text, Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .failFast("tail exited", () -> !process.isAlive())
        .until(() -> stdout().stream().anyMatch(l -> l.contains(text)));
  }

  /**
   * Ctrl-C: SIGINT, unless this JVM started with SIGINT ignored (a background job of a shell
   * without job control starts so, and its children inherit it: no handler can catch it then); tail
   * then gets SIGTERM, which it ends on the same way.
   */
  void interrupt() throws IOException, InterruptedException {
    String signal = sigintIgnored() ? "-TERM" : "-INT";
    new ProcessBuilder("kill", signal, Long.toString(process.pid())).start().waitFor();
  }

  /* Bit 2 (SIGINT) of the SigIgn mask of this process, which tail inherits (proc(5)). */
  private static boolean sigintIgnored() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 0x2) != 0;
      }
    }
    return false;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  private String stderrSafe() {
    return String.join("\n", stderr());
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
