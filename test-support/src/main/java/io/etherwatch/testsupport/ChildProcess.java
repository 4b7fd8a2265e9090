package io.etherwatch.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real server started as a child process, its output in a log file. It never outlives the test
 * JVM: a shutdown hook stops it, and if the JVM is killed the kernel sends it {@code deathSignal}
 * (setpriv --pdeathsig).
 */
public final class ChildProcess {
  /*
   * The parent-death signal fires when the thread that forked the child ends, so every child is forked by one daemon
   * thread that lives exactly as long as the JVM.
   */
  private static final ExecutorService LAUNCHER =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "etherwatch-child-launcher");
            t.setDaemon(true);
            return t;
          });

  private static final List<ChildProcess> RUNNING = new ArrayList<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  List<ChildProcess> all;
                  synchronized (RUNNING) {
                    all = new ArrayList<>(RUNNING);
                  }
                  // Reverse start order: clients of a server stop before the server.
                  for (int i = all.size() - 1; i >= 0; i--) {
                    all.get(i).stop(Duration.ofSeconds(15));
                  }
                },
                "etherwatch-child-stopper"));
  }

  private final String name;
  private final Path log;
  private final String stopSignal;
  private final Process process;

  private ChildProcess(String name, Path log, String stopSignal, Process process) {
    this.name = name;
    this.log = log;
    this.stopSignal = stopSignal;
    this.process = process;
  }

  /**
   * Starts {@code command} in {@code workDir}, standard output and error appended to {@code log}.
   *
   * @param stopSignal the signal that stops it cleanly ({@code TERM}, or {@code INT} for
   *     PostgreSQL's fast shutdown)
   * @param runAs a user to run as when this JVM is root (PostgreSQL refuses root), or null
   */
  public static ChildProcess start(
      String name,
      List<String> command,
      Path workDir,
      Map<String, String> env,
      Path log,
      String stopSignal,
      String runAs) {
    List<String> full = new ArrayList<>(List.of("setpriv", "--pdeathsig", stopSignal));
    if (runAs != null && isRoot()) {
      full.addAll(List.of("--reuid", runAs, "--regid", runAs, "--init-groups"));
    }
    full.addAll(command);
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder =
          new ProcessBuilder(full)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(env);
      Process process = LAUNCHER.submit(builder::start).get();
      ChildProcess child = new ChildProcess(name, log, stopSignal, process);
      synchronized (RUNNING) {
        RUNNING.add(child);
      }
      return child;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot start " + name + ": " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting " + name, e);
    }
  }

  /** Runs a short command to completion and fails with its output unless it exits 0. */
  public static void run(String name, List<String> command, Path workDir, Path log, String runAs) {
    ChildProcess child = start(name, command, workDir, Map.of(), log, "KILL", runAs);
    try {
      if (!child.process.waitFor(2, TimeUnit.MINUTES)) {
        child.kill();
        throw new IllegalStateException(name + " did not finish within 2 minutes; see " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + name, e);
    } finally {
      child.forget();
    }
    if (child.process.exitValue() != 0) {
      throw new IllegalStateException(
          name + " failed with exit code " + child.process.exitValue() + ":\n" + child.logTail(20));
    }
  }

  public static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /**
   * Waits until {@code ready} holds; fails early, with the end of the log, if the process exits
   * first.
   */
  public void awaitReady(Duration timeout, BooleanSupplier ready) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name
                + " exited with code "
                + process.exitValue()
                + " before it was ready:\n"
                + logTail(30));
      }
      if (ready.getAsBoolean()) {
        return;
      }
      sleep(Duration.ofMillis(100));
    }
    kill();
    throw new IllegalStateException(
        name + " was not ready within " + timeout + ":\n" + logTail(30));
  }

  /** Waits up to {@code timeout} for it to exit: its exit code, or empty if it still runs. */
  public OptionalInt awaitExit(Duration timeout) {
    try {
      if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        forget();
        return OptionalInt.of(process.exitValue());
      }
      return OptionalInt.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + name, e);
    }
  }

  /** Stops it with its clean stop signal, then SIGKILL after {@code grace}. */
  public void stop(Duration grace) {
    if (process.isAlive()) {
      signal(stopSignal);
      try {
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          kill();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        kill();
      }
    }
    forget();
  }

  /** kill -9, as a fault test wants it; returns when the process is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    forget();
  }

  private void signal(String signal) {
    if ("TERM".equals(signal)) {
      process.destroy();
      return;
    }
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
    } catch (IOException e) {
      process.destroy();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void forget() {
    synchronized (RUNNING) {
      RUNNING.remove(this);
    }
  }

  /** The last {@code lines} lines of the log, for error messages. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log at " + log + ")";
    }
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
