package io.etherwatch.ingest.client;

/**
 * The right to make AWS calls that {@link CloudWatchLogsGateway} waits for: the replica's share of
 * the deployment's budget (implemented outside {@code client/}, which only wraps the calls).
 */
public interface CallBudget {
  /** Waits for the right to make one call. */
  void acquire() throws InterruptedException;

  /** Takes one token only if nobody else needs it (low-priority reads); false otherwise. */
  boolean trySpare();
}
