package io.etherwatch.bench.ingest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Numbered events written to log groups and where they arrived: when each PutLogEvents call
 * returned, and every receipt of each (group, sequence number) at one reader (a WebSocket client or
 * a Kafka consumer). Latency is the first receipt minus the moment its PutLogEvents call returned;
 * a sequence number received more than once counts as duplicated, one written and never received as
 * missing. Thread-safe: writers and readers record from their own threads.
 */
final class Receipts {
  /** The message of a numbered event: {@code <prefix><seq> put <write time ms> <padding>}. */
  static final String PREFIX = "ewbench seq=";

  /** Events later than this are listed (group#seq=ms, at most 10) to find what delayed them. */
  static final long SLOW_MILLIS = 10_000;

  private final Map<String, Map<Long, Long>> returned = new ConcurrentHashMap<>();
  private final Map<String, Map<Long, List<Long>>> received = new ConcurrentHashMap<>();
  private final AtomicInteger foreign = new AtomicInteger();

  /** The message of event {@code seq} written at {@code writeMillis}, about 200 bytes. */
  static String message(long seq, long writeMillis) {
    return PREFIX + seq + " put " + writeMillis + " " + "y".repeat(160);
  }

  /** The sequence number in a message of {@link #message}, or -1 for any other message. */
  static long seq(String message) {
    if (message == null || !message.startsWith(PREFIX)) {
      return -1;
    }
    int end = message.indexOf(' ', PREFIX.length());
    try {
      return Long.parseLong(message.substring(PREFIX.length(), end < 0 ? message.length() : end));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Event {@code seq} of {@code group} was in a PutLogEvents call that returned at that time. */
  void wrote(String group, long seq, long returnedAtMillis) {
    returned.computeIfAbsent(group, g -> new ConcurrentHashMap<>()).put(seq, returnedAtMillis);
  }

  /** A reader got {@code message} of {@code group} at {@code atMillis}. */
  void received(String group, String message, long atMillis) {
    long seq = seq(message);
    if (seq < 0) {
      foreign.incrementAndGet();
      return;
    }
    received
        .computeIfAbsent(group, g -> new ConcurrentHashMap<>())
        .computeIfAbsent(seq, s -> Collections.synchronizedList(new ArrayList<>(1)))
        .add(atMillis);
  }

  /** Events of {@code groups} written and not yet received. */
  long missing(Collection<String> groups) {
    long n = 0;
    for (String g : groups) {
      Map<Long, List<Long>> got = received.getOrDefault(g, Map.of());
      n +=
          returned.getOrDefault(g, Map.of()).keySet().stream()
              .filter(s -> !got.containsKey(s))
              .count();
    }
    return n;
  }

  /**
   * For the events of {@code groups} with sequence numbers at least {@code fromSeq}: written,
   * latency samples, p50 / p95 / p99 / max in milliseconds (nearest rank), missing, duplicated, and
   * the events slower than {@value #SLOW_MILLIS} ms.
   */
  Map<String, Object> summary(Collection<String> groups, long fromSeq) {
    List<Long> latencies = new ArrayList<>();
    List<String> slow = new ArrayList<>();
    long written = 0;
    long missing = 0;
    long duplicated = 0;
    for (String g : groups) {
      Map<Long, List<Long>> got = received.getOrDefault(g, Map.of());
      for (Map.Entry<Long, Long> w : returned.getOrDefault(g, Map.of()).entrySet()) {
        if (w.getKey() < fromSeq) {
          continue;
        }
        written++;
        List<Long> times = got.get(w.getKey());
        if (times == null) {
          missing++;
          continue;
        }
        synchronized (times) {
          duplicated += times.size() - 1;
          long latency = Collections.min(times) - w.getValue();
          latencies.add(latency);
          if (latency > SLOW_MILLIS) {
            slow.add(g + "#" + w.getKey() + "=" + latency);
          }
        }
      }
    }
    Collections.sort(latencies);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("written", written);
    r.put("received", (long) latencies.size());
    r.put("p50Ms", rank(latencies, 0.50));
    r.put("p95Ms", rank(latencies, 0.95));
    r.put("p99Ms", rank(latencies, 0.99));
    r.put("maxMs", latencies.isEmpty() ? null : latencies.get(latencies.size() - 1));
    r.put("missing", missing);
    r.put("duplicated", duplicated);
    r.put("slowerThan10s", (long) slow.size());
    r.put("slowExamples", slow.stream().sorted().limit(10).toList());
    return r;
  }

  /** Receipts whose message was not a numbered event (the setup events are numbered too). */
  int foreign() {
    return foreign.get();
  }

  private static Long rank(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return null;
    }
    return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
  }
}
