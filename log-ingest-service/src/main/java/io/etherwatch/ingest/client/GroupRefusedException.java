package io.etherwatch.ingest.client;

/**
 * Kafka refused what one group's transaction held (a record, its topic, a timestamp), and nothing
 * of it was applied: the group must wait and retry, the shard and its other groups go on. {@link
 * #reason()} is a short code for metrics and status.
 */
public class GroupRefusedException extends RuntimeException {
  private final String reason;

  public GroupRefusedException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
