package io.etherwatch.bench.common;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Numbered events written to series (a log group, or one stream of a group: the caller's key) and
 * where they arrived: when each PutLogEvents call returned, and every receipt of each (series,
 * sequence number) at one reader (a WebSocket client or a Kafka consumer).
 *
 * <ul>
 *   <li>latency: the first receipt minus the moment its PutLogEvents call returned;
 *   <li>missing: written and not received (at the moment of {@link #summary});
 *   <li>duplicated: every receipt of a sequence number after its first;
 *   <li>out of order: a first receipt of a sequence number lower than one already received in the
 *       same series (each such event once; meaningful where a series is one stream, written in
 *       sequence order, as PutLogEvents keeps a stream's events in order, DESIGN section 6).
 * </ul>
 *
 * <p>Thread-safe: writers and readers record from their own threads; receipts of one series are
 * expected from one reader thread, in the order that reader got them.
 */
public final class Receipts {
  /** The message of a numbered event: {@code <prefix><seq> put <write time ms> <padding>}. */
  public static final String PREFIX = "ewbench seq=";

  /** Events later than this are listed (series#seq=ms, at most 10) to find what delayed them. */
  public static final long SLOW_MILLIS = 10_000;

  /** Upper bounds (ms, inclusive) of the latency histogram's buckets; one more bucket above. */
  static final long[] BUCKETS = {250, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000, 120_000};

  private final Map<String, Map<Long, Long>> returned = new ConcurrentHashMap<>();
  private final Map<String, Series> received = new ConcurrentHashMap<>();
  private final AtomicInteger foreign = new AtomicInteger();

  /** The message of event {@code seq} written at {@code writeMillis}, about 200 bytes. */
  public static String message(long seq, long writeMillis) {
    return PREFIX + seq + " put " + writeMillis + " " + "y".repeat(160);
  }

  /** The sequence number in a message of {@link #message}, or -1 for any other message. */
  public static long seq(String message) {
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

  /** Event {@code seq} of {@code series} was in a PutLogEvents call that returned at that time. */
  public void wrote(String series, long seq, long returnedAtMillis) {
    returned.computeIfAbsent(series, g -> new ConcurrentHashMap<>()).put(seq, returnedAtMillis);
  }

  /** A reader got {@code message} of {@code series} at {@code atMillis}. */
  public void received(String series, String message, long atMillis) {
    long seq = seq(message);
    if (seq < 0) {
      foreign.incrementAndGet();
      return;
    }
    received.computeIfAbsent(series, g -> new Series()).add(seq, atMillis);
  }

  /** Events of {@code series} written and not yet received. */
  public long missing(Collection<String> series) {
    long n = 0;
    for (String g : series) {
      Series got = received.get(g);
      for (Long seq : returned.getOrDefault(g, Map.of()).keySet()) {
        if (got == null || got.first(seq) == null) {
          n++;
        }
      }
    }
    return n;
  }

  /**
   * For the events of {@code series} with sequence numbers at least {@code fromSeq}: {@code
   * written}, {@code received}, {@code p50Ms} / {@code p95Ms} / {@code p99Ms} / {@code maxMs}
   * (nearest rank; null when nothing was received), {@code missing}, {@code duplicated}, {@code
   * outOfOrder} (over the whole series), {@code histogram} (bucket label → events, every bucket
   * present), {@code slowerThan10s} and up to 10 {@code slowExamples}.
   */
  public Map<String, Object> summary(Collection<String> series, long fromSeq) {
    List<Long> latencies = new ArrayList<>();
    List<String> slow = new ArrayList<>();
    long written = 0;
    long missing = 0;
    long duplicated = 0;
    long outOfOrder = 0;
    for (String g : series) {
      Series got = received.get(g);
      if (got != null) {
        outOfOrder += got.outOfOrder();
      }
      for (Map.Entry<Long, Long> w : returned.getOrDefault(g, Map.of()).entrySet()) {
        if (w.getKey() < fromSeq) {
          continue;
        }
        written++;
        long[] first = got == null ? null : got.first(w.getKey());
        if (first == null) {
          missing++;
          continue;
        }
        duplicated += first[1] - 1;
        long latency = first[0] - w.getValue();
        latencies.add(latency);
        if (latency > SLOW_MILLIS) {
          slow.add(g + "#" + w.getKey() + "=" + latency);
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
    r.put("outOfOrder", outOfOrder);
    r.put("histogram", histogram(latencies));
    r.put("slowerThan10s", (long) slow.size());
    r.put("slowExamples", slow.stream().sorted().limit(10).toList());
    return r;
  }

  /** Receipts whose message was not a numbered event. */
  public int foreign() {
    return foreign.get();
  }

  /** The label of each bucket of {@link #BUCKETS}, in order, then the one above them. */
  public static List<String> bucketLabels() {
    List<String> labels = new ArrayList<>();
    for (long b : BUCKETS) {
      labels.add("≤ " + seconds(b) + " s");
    }
    labels.add("> " + seconds(BUCKETS[BUCKETS.length - 1]) + " s");
    return labels;
  }

  private static Map<String, Long> histogram(List<Long> latencies) {
    List<String> labels = bucketLabels();
    long[] counts = new long[labels.size()];
    for (long l : latencies) {
      int i = 0;
      while (i < BUCKETS.length && l > BUCKETS[i]) {
        i++;
      }
      counts[i]++;
    }
    Map<String, Long> h = new LinkedHashMap<>();
    for (int i = 0; i < counts.length; i++) {
      h.put(labels.get(i), counts[i]);
    }
    return h;
  }

  private static String seconds(long millis) {
    return millis % 1_000 == 0 ? String.valueOf(millis / 1_000) : String.valueOf(millis / 1_000d);
  }

  private static Long rank(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return null;
    }
    return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
  }

  /** The receipts of one series: per sequence number its first receipt and how many there were. */
  private static final class Series {
    private final Map<Long, long[]> bySeq = new HashMap<>();
    private long highest = -1;
    private long outOfOrder;

    synchronized void add(long seq, long atMillis) {
      long[] r = bySeq.get(seq);
      if (r != null) {
        r[1]++;
        return;
      }
      bySeq.put(seq, new long[] {atMillis, 1});
      if (seq < highest) {
        outOfOrder++;
      }
      highest = Math.max(highest, seq);
    }

    /** {first receipt ms, receipts}, or null when none came. */
    synchronized long[] first(long seq) {
      long[] r = bySeq.get(seq);
      return r == null ? null : r.clone();
    }

    synchronized long outOfOrder() {
      return outOfOrder;
    }
  }
}
