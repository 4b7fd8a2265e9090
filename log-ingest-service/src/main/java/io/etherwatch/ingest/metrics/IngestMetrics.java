package io.etherwatch.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The service's meters on {@code /q/metrics} (Prometheus names in the README). */
@ApplicationScoped
public class IngestMetrics {
  private final MeterRegistry registry;
  private final Map<String, AtomicLong> newestIngestion = new ConcurrentHashMap<>();

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
