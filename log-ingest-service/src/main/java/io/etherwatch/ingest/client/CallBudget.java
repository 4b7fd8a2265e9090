package io.etherwatch.ingest.client;

/**
 * The right to make AWS calls that {@link CloudWatchLogsGateway} waits for: the replica's share of
 * the deployment's budget (implemented outside {@code client/}, which only wraps the calls).
 */
public interface CallBudget {
  /** Which calls go first when several wait. */
  enum Priority {
    /** A read of a group someone watches (DESIGN section 5, "Watched groups first"). */
    WATCHED,
    /** Every other read and listing. */
    REGULAR
  }

  /**
   * Waits for the right to make one call: watched calls before regular ones, each in arrival order.
   */
  void acquire(Priority priority) throws InterruptedException;

  /** Waits for the right to make one regular call. */
  default void acquire() throws InterruptedException {
    acquire(Priority.REGULAR);
  }

  /** Takes one token only if nobody else needs it (low-priority reads); false otherwise. */
  boolean trySpare();
}
