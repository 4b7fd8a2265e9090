package io.etherwatch.ingest.domain;

import java.util.Map;

/** Where a poller reads: one log stream of one log group (the key of its checkpoint). */
public record LogStreamPartition(String group, String stream) {

  public Map<String, String> toMap() {
    return Map.of("group", group, "stream", stream);
  }

  public static LogStreamPartition fromMap(Map<String, ?> map) {
    return new LogStreamPartition((String) map.get("group"), (String) map.get("stream"));
  }
}
