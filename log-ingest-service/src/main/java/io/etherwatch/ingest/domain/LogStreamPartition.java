package io.etherwatch.ingest.domain;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Where a poller reads: one log stream of one log group (the key of its checkpoint, JSON {@code
 * {"group","stream"}} in that order, so one (group, stream) always has the same key bytes in the
 * compacted topic). The stream {@code ""}, which CloudWatch does not allow as a stream name, keys
 * the group-wide entry.
 */
@JsonPropertyOrder({"group", "stream"})
public record LogStreamPartition(String group, String stream) {
  private static final String GROUP_WIDE = "";

  /** The key of the group's own entry (the late sweep's watermark). */
  public static LogStreamPartition groupWide(String group) {
    return new LogStreamPartition(group, GROUP_WIDE);
  }

  @JsonIgnore
  public boolean isGroupWide() {
    return GROUP_WIDE.equals(stream);
  }
}
