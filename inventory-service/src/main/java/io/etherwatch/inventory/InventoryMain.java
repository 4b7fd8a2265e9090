package io.etherwatch.inventory;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.QuarkusBindException;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts the service; a port already taken ends it with a line naming the part and the port (DESIGN
 * section 2), which a supervisor running several parts side by side can show as is.
 */
@QuarkusMain
public class InventoryMain {
  static final String PART = "inventory-service";

  public static void main(String... args) {
    Quarkus.run(Service.class, InventoryMain::exit, args);
  }

  private static void exit(int code, Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof QuarkusBindException bind) {
        System.err.printf(
            "%s: cannot listen on %s:%d, the port is already in use (set QUARKUS_HTTP_PORT)%n",
            PART, bind.getHost(), bind.getPort());
        break;
      }
    }
    System.exit(code);
  }

  /** Runs until asked to stop. */
  public static class Service implements QuarkusApplication {
    @Override
    public int run(String... args) {
      Quarkus.waitForExit();
      return 0;
    }
  }
}
