package io.etherwatch.push.service;

import io.etherwatch.push.delivery.Outbox;
import io.etherwatch.push.delivery.SubscriptionTable;
import io.etherwatch.push.delivery.TopicFanout;
import io.etherwatch.push.delivery.WatchedAnnouncer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * push-service's meters on /q/metrics: open connections (WebSocket and SSE), subscriptions, events
 * delivered (rate = delivered/s), send queue depth (largest now, total, and the deepest any
 * connection has had since the replica started, in bytes), GAPs by reason, connections closed with
 * 1013 (slow consumers), the live reader's consumer lag and the log groups this replica announces
 * as watched.
 */
@ApplicationScoped
public class PushMetrics implements Outbox.Listener {
  private final Map<String, Outbox> outboxes = new ConcurrentHashMap<>();
  private final Counter delivered;
  private final Counter slowCloses;
  private final AtomicLong closedPeak = new AtomicLong();
  private final MeterRegistry registry;

  public PushMetrics(
      MeterRegistry registry,
      SubscriptionTable table,
      TopicFanout fanout,
      WatchedAnnouncer watched) {
    this.registry = registry;
    this.delivered =
        Counter.builder("etherwatch.push.delivered.events")
            .description("Events written to subscribers")
            .register(registry);
    this.slowCloses =
        Counter.builder("etherwatch.push.slow.consumer.closes")
            .description("Connections closed with 1013 because their send queue stayed full")
            .register(registry);
    Gauge.builder("etherwatch.push.connections", outboxes, Map::size)
        .description("Open WebSocket and SSE connections")
        .register(registry);
    Gauge.builder("etherwatch.push.subscriptions", table, SubscriptionTable::size)
        .description("Active subscriptions")
        .register(registry);
    Gauge.builder("etherwatch.push.send.queue.max.bytes", this, PushMetrics::maxQueue)
        .description("Deepest per-connection send queue")
        .register(registry);
    Gauge.builder("etherwatch.push.send.queue.peak.bytes", this, PushMetrics::peakQueue)
        .description("Deepest send queue any connection has had since start")
        .register(registry);
    Gauge.builder("etherwatch.push.send.queue.total.bytes", this, PushMetrics::totalQueue)
        .description("Bytes waiting in all send queues")
        .register(registry);
    Gauge.builder("etherwatch.push.consumer.lag.records", fanout, TopicFanout::consumerLag)
        .description("Records the live reader has not read yet")
        .register(registry);
    Gauge.builder("etherwatch.push.watched.groups", watched, WatchedAnnouncer::watchedGroups)
        .description("Log groups with live subscribers on this replica (announced as watched)")
        .register(registry);
    for (String reason : new String[] {"retention", "slow_consumer"}) {
      registry.counter("etherwatch.push.gaps", "reason", reason);
      registry.counter("etherwatch.push.gap.missed.events", "reason", reason);
    }
  }

  public void opened(String connectionId, Outbox outbox) {
    outboxes.put(connectionId, outbox);
  }

  public void closed(String connectionId) {
    Outbox outbox = outboxes.remove(connectionId);
    if (outbox != null) {
      closedPeak.accumulateAndGet(outbox.peakBytes(), Math::max);
    }
  }

  @Override
  public void delivered(int events) {
    delivered.increment(events);
  }

  @Override
  public void gap(String reason, long missed) {
    registry.counter("etherwatch.push.gaps", "reason", reason).increment();
    if (missed > 0) {
      registry.counter("etherwatch.push.gap.missed.events", "reason", reason).increment(missed);
    }
  }

  @Override
  public void closedSlow() {
    slowCloses.increment();
  }

  private double maxQueue() {
    return outboxes.values().stream().mapToLong(Outbox::queuedBytes).max().orElse(0);
  }

  private double peakQueue() {
    long open = outboxes.values().stream().mapToLong(Outbox::peakBytes).max().orElse(0);
    return Math.max(open, closedPeak.get());
  }

  private double totalQueue() {
    return outboxes.values().stream().mapToLong(Outbox::queuedBytes).sum();
  }
}
