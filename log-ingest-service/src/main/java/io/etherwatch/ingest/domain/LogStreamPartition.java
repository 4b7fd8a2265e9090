package io.etherwatch.ingest.domain;

import java.util.Map;

/**
 * Where a poller reads: one log stream of one log group (the key of its checkpoint). The stream
 * {@code ""}, which CloudWatch does not allow as a stream name, keys the group-wide entry.
 */
public record LogStreamPartition(String group, String stream) {
  private static final String GROUP_WIDE = "";

  /** The key of the group's own entry (the late sweep's watermark). */
  public static LogStreamPartition groupWide(String group) {
    return new LogStreamPartition(group, GROUP_WIDE);
  }

  public boolean isGroupWide() {
    return GROUP_WIDE.equals(stream);
  }

  public Map<String, String> toMap() {
    return Map.of("group", group, "stream", stream);
  }

  public static LogStreamPartition fromMap(Map<String, ?> map) {
    return new LogStreamPartition((String) map.get("group"), (String) map.get("stream"));
  }
}
