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
    REGULAR,
    /** Low-priority reads (the late sweep): only tokens that nobody waiting needs. */
    SPARE
  }

  /**
   * Waits for the right to make one call: watched calls before regular ones, each in arrival order;
   * a spare call until a token is left over.
   */
  void acquire(Priority priority) throws InterruptedException;
}
