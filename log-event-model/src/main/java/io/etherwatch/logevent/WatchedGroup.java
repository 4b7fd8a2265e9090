package io.etherwatch.logevent;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * A log group that has live subscribers on one push-service replica: the value of a record on the
 * compacted topic {@value #TOPIC} (DESIGN section 5, "Watched groups first"; {@code
 * docs/asyncapi.yaml}). push-service writes one record per (replica, group) when the group's first
 * subscriber on that replica arrives (WebSocket or SSE, replaying or live), again every heartbeat
 * while it has any, and a tombstone (null value) when its last subscriber leaves or the replica
 * stops. log-ingest-service reads the topic and treats a group as watched while any of its entries
 * is live ({@link #live}): a replica that dies stops heartbeating, and its entries expire.
 *
 * <p>Key and value are JSON with this fixed property order (so a key's bytes are stable and
 * compaction keeps one record per key).
 *
 * @param replica the push-service replica's id (stable for the process's life)
 * @param group the exact log group name
 * @param subscribers live subscriptions to the group on that replica (at least 1)
 * @param heartbeatAt when the replica wrote this record, epoch milliseconds
 * @param expiresAt after this instant (epoch milliseconds) the entry no longer counts unless a
 *     newer heartbeat replaced it
 */
@JsonPropertyOrder({"replica", "group", "subscribers", "heartbeatAt", "expiresAt"})
public record WatchedGroup(
    String replica, String group, int subscribers, long heartbeatAt, long expiresAt) {

  /**
   * The default topic name ({@code etherwatch.push.watched-topic} / ingest's {@code
   * kafka.watched-topic}).
   */
  public static final String TOPIC = "etherwatch.push.watched";

  /**
   * The topic's settings, for whichever side creates it first: one partition (readers read it
   * whole), compacted, and entries of replicas that died without a tombstone deleted after an hour
   * (live entries are rewritten every heartbeat, so they always have a recent record).
   */
  public static final Map<String, String> TOPIC_CONFIG =
      Map.of(
          "cleanup.policy", "compact,delete",
          "retention.ms", "3600000",
          "segment.ms", "600000");

  /** The record key. */
  @JsonPropertyOrder({"replica", "group"})
  public record Key(String replica, String group) {}

  /** This entry's key. */
  public Key key() {
    return new Key(replica, group);
  }

  /** Whether the entry still counts at {@code nowMillis} (epoch milliseconds). */
  public boolean live(long nowMillis) {
    return nowMillis < expiresAt;
  }
}
