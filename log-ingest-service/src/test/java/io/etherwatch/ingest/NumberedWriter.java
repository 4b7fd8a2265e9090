package io.etherwatch.ingest;

import io.etherwatch.testsupport.SharedServices;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes numbered events to every stream of every group, a small batch per stream each round, on
 * its own thread until told to finish, so that the service is always in the middle of publishing
 * when a test kills it.
 */
final class NumberedWriter implements AutoCloseable {
  private final List<String> groups;
  private final List<String> streams;
  private final int batch;
  private final long pauseMillis;
  private final long t0 = System.currentTimeMillis() - 30_000;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Thread thread;
  private volatile boolean finishing;
  private volatile int written;

  NumberedWriter(List<String> groups, List<String> streams, int batch, long pauseMillis) {
    this.groups = groups;
    this.streams = streams;
    this.batch = batch;
    this.pauseMillis = pauseMillis;
    this.thread = new Thread(this::write, "numbered-writer");
  }

  /** Creates the groups and streams, then starts writing. */
  NumberedWriter start() {
    try (LogsFixture logs = new LogsFixture(SharedServices.motoEndpoint())) {
      for (String g : groups) {
        logs.createGroup(g);
        streams.forEach(s -> logs.createStream(g, s));
      }
    }
    thread.start();
    return this;
  }

  /** Ends the writing after the current round; returns the events written per stream. */
  int finish() throws InterruptedException {
    finishing = true;
    thread.join();
    if (failure.get() != null) {
      throw new AssertionError("writing events failed", failure.get());
    }
    return written;
  }

  private void write() {
    try (LogsFixture logs = new LogsFixture(SharedServices.motoEndpoint())) {
      while (!finishing) {
        for (String g : groups) {
          for (String s : streams) {
            logs.putNumbered(g, s, written, written + batch, t0);
          }
        }
        written += batch;
        Thread.sleep(pauseMillis);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure.set(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    finishing = true;
    thread.join();
  }
}
