package io.etherwatch.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** The service's meters on {@code /q/metrics} (Prometheus names in the README). */
@ApplicationScoped
public class IngestMetrics {
  private final MeterRegistry registry;
  private final Map<String, AtomicLong> newestIngestion = new ConcurrentHashMap<>();
  private final Map<String, ReadInterval> readIntervals = new ConcurrentHashMap<>();

  /* Moving average of the seconds between two reads of a group in the same class. */
  private static final class ReadInterval {
    private static final double WEIGHT = 0.2;
    private double seconds = Double.NaN;

    synchronized void observe(double value) {
      seconds = Double.isNaN(seconds) ? value : seconds + WEIGHT * (value - seconds);
    }

    synchronized double seconds() {
      return seconds;
    }
  }

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** One AWS call; {@code read} is {@code frequent}, {@code sweep} or {@code none}. */
  public void apiCall(String operation, String read) {
    registry
        .counter("etherwatch.ingest.api.calls", "operation", operation, "read", read)
        .increment();
  }

  /** One poll of a group (one or more pages): how often each group is read. */
  public void polled(String group, String read) {
    registry.counter("etherwatch.ingest.polls", "group", group, "read", read).increment();
  }

  /**
   * One read of a group by its class: {@code watched} (someone watches it), {@code hot} (unwatched,
   * read at its hot interval: its last read found events) or {@code idle} (unwatched, backing off).
   */
  public void read(String readClass) {
    registry.counter("etherwatch.ingest.reads", "class", readClass).increment();
  }

  /**
   * The time between a group's read and its previous one, both of {@code readClass}: a moving
   * average per class is the interval that class gets (gauge, seconds).
   */
  public void readInterval(String readClass, long millis) {
    readIntervals
        .computeIfAbsent(
            readClass,
            c -> {
              ReadInterval interval = new ReadInterval();
              Gauge.builder("etherwatch.ingest.read.interval", interval, ReadInterval::seconds)
                  .tag("class", c)
                  .baseUnit("seconds")
                  .description("moving average of the time between two reads of a group of a class")
                  .register(registry);
              return interval;
            })
        .observe(millis / 1000d);
  }

  /**
   * Registers the watched gauges: the watched groups the deployment follows, and the effective
   * watched interval (seconds).
   */
  public void watched(Supplier<Number> groups, Supplier<Number> intervalSeconds) {
    Gauge.builder("etherwatch.ingest.watched.groups", groups)
        .description("log groups with live subscribers (push-service) that the deployment follows")
        .register(registry);
    Gauge.builder("etherwatch.ingest.watched.interval", intervalSeconds)
        .baseUnit("seconds")
        .description("longest wait between two reads of a watched group (effective)")
        .register(registry);
  }

  public void throttled(String operation) {
    registry.counter("etherwatch.ingest.throttles", "operation", operation).increment();
  }

  public void published(String group, int events) {
    registry.counter("etherwatch.ingest.events", "group", group).increment(events);
  }

  public void suppressed(String group, int events) {
    registry.counter("etherwatch.ingest.suppressed", "group", group).increment(events);
  }

  public void late(String group) {
    registry.counter("etherwatch.ingest.late.events", "group", group).increment();
  }

  /** A group's poll failed; {@code reason} as in {@code GroupFailure}. */
  public void groupFailed(String group, String reason) {
    registry
        .counter("etherwatch.ingest.group.failures", "group", group, "reason", reason)
        .increment();
  }

  /** An event too large for Kafka; {@code action} is {@code truncated} or {@code skipped}. */
  public void oversized(String group, String action) {
    registry
        .counter("etherwatch.ingest.oversized.events", "group", group, "action", action)
        .increment();
  }

  public void rebalanced() {
    registry.counter("etherwatch.ingest.rebalances").increment();
  }

  /** Records the newest ingestion time published for a group; lag is now minus it. */
  public void newestIngestion(String group, long ingestionTime) {
    newestIngestion
        .computeIfAbsent(
            group,
            g -> {
              AtomicLong newest = new AtomicLong(Long.MIN_VALUE);
              Gauge.builder("etherwatch.ingest.lag", newest, IngestMetrics::lagSeconds)
                  .tag("group", g)
                  .baseUnit("seconds")
                  .description("now minus the newest ingestionTime published for the group")
                  .register(registry);
              return newest;
            })
        .accumulateAndGet(ingestionTime, Math::max);
  }

  public double count(String name, String... tags) {
    Counter counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  private static double lagSeconds(AtomicLong newest) {
    long value = newest.get();
    return value == Long.MIN_VALUE ? Double.NaN : (System.currentTimeMillis() - value) / 1000d;
  }
}
