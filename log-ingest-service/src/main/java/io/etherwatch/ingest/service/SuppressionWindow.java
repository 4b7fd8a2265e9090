package io.etherwatch.ingest.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The event ids of a group already handled (published, or counted as too late) with a timestamp in
 * the window still re-read; older ids are pruned because no read can return them again.
 */
public final class SuppressionWindow {
  private final Map<String, Long> timestamps = new HashMap<>();
  private final TreeMap<Long, List<String>> byTimestamp = new TreeMap<>();

  public boolean contains(String eventId) {
    return timestamps.containsKey(eventId);
  }

  public void add(String eventId, long timestamp) {
    if (timestamps.putIfAbsent(eventId, timestamp) == null) {
      byTimestamp.computeIfAbsent(timestamp, t -> new ArrayList<>()).add(eventId);
    }
  }

  public void addAll(Map<String, Long> ids) {
    ids.forEach(this::add);
  }

  /** Forgets ids with a timestamp before {@code bound}. */
  public void pruneBelow(long bound) {
    var old = byTimestamp.headMap(bound, false);
    old.values().forEach(ids -> ids.forEach(timestamps::remove));
    old.clear();
  }

  public int size() {
    return timestamps.size();
  }
}
