package io.etherwatch.tail;

/**
 * Ctrl-C (SIGINT) and SIGTERM end {@code tail} with exit code 0 after {@code onStop} (which prints
 * the resume hint): stopping is how a follow ends, not a failure. Uses {@code sun.misc.Signal}
 * (module jdk.unsupported, in every JDK); without it the JVM's default (exit 130/143) stands, with
 * the hint printed by a shutdown hook.
 */
final class StopSignals {
  private StopSignals() {}

  static void install(Runnable onStop) {
    Runnable once = new Once(onStop);
    boolean allHandled = true;
    // Each on its own: a shell runs background jobs with SIGINT ignored, and the JVM then refuses a
    // handler for it;
    // SIGTERM still ends tail with 0.
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        sun.misc.Signal.handle(
            new sun.misc.Signal(name),
            s -> {
              once.run();
              Runtime.getRuntime().halt(0);
            });
      } catch (IllegalArgumentException | LinkageError e) {
        allHandled = false;
      }
    }
    if (!allHandled) {
      Runtime.getRuntime().addShutdownHook(new Thread(once, "tail-stop"));
    }
  }

  private static final class Once implements Runnable {
    private final Runnable delegate;
    private boolean done;

    Once(Runnable delegate) {
      this.delegate = delegate;
    }

    @Override
    public synchronized void run() {
      if (!done) {
        done = true;
        delegate.run();
      }
    }
  }
}
