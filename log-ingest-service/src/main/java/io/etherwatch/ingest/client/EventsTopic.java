package io.etherwatch.ingest.client;

/**
 * What an events topic accepts, read from its configuration when the service creates or adopts it:
 * the largest record ({@code max.message.bytes}, capped by the producer's {@code
 * max.request.size}), and how far a record timestamp may lie ahead of or behind the broker's clock
 * ({@code message.timestamp.after.max.ms}, {@code message.timestamp.before.max.ms}; both ignored
 * with {@code message.timestamp.type=LogAppendTime}).
 */
public record EventsTopic(
    String name, int maxRecordBytes, long timestampAfterMaxMs, long timestampBeforeMaxMs) {

  /** Whether the broker would accept a record stamped {@code timestamp} at {@code now}. */
  public boolean acceptsTimestamp(long timestamp, long now, long marginMs) {
    return timestamp - now <= timestampAfterMaxMs - marginMs
        && now - timestamp <= timestampBeforeMaxMs - marginMs;
  }
}
