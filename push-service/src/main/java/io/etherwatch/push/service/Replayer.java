package io.etherwatch.push.service;

import io.etherwatch.push.client.KafkaReaders;
import io.etherwatch.push.config.PushConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Brings a subscription that starts in the past ({@code resume} cursor or {@code since}) up to the
 * live reader. It reads the subscription's partitions with a consumer of its own from the start
 * positions, then asks the live reader to take the subscription over; the live reader accepts only
 * when no partition is behind what it has already fanned out, and otherwise names the positions to
 * reach first. So the seam has no gap, and per-subscription positions make it duplicate-free.
 */
@ApplicationScoped
public class Replayer {
  private static final Logger LOG = Logger.getLogger(Replayer.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaReaders readers;
  private final TopicFanout fanout;
  private final EventDelivery delivery;
  private final ExecutorService pool;

  public Replayer(KafkaReaders readers, TopicFanout fanout, PushConfig config) {
    this.readers = readers;
    this.fanout = fanout;
    this.delivery = new EventDelivery(config.maxEventsPerFrame(), config.maxFrameBytes());
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            config.replayThreads(),
            r -> {
              Thread t = new Thread(r, "push-replay-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  @PreDestroy
  void stop() {
    pool.shutdownNow();
  }

  /** Replays from {@code cursor} (positions) or {@code since} (epoch ms), then goes live. */
  public void replay(Subscription sub, Map<TopicPartition, Long> cursor, Long since) {
    pool.execute(
        () -> {
          try {
            run(sub, cursor, since);
          } catch (RuntimeException e) {
            LOG.errorf(e, "replay of subscription %s failed", sub.id());
            sub.outbox()
                .offer(Frames.error("internal", "replay failed; resume from the last cursor"));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  private void run(Subscription sub, Map<TopicPartition, Long> cursor, Long since)
      throws InterruptedException {
    try (KafkaConsumer<String, String> consumer = readers.consumer("replay")) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : sub.topics()) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos != null) {
          infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
      }
      consumer.assign(partitions);
      Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
      Map<TopicPartition, Long> positions = sub.positions();
      if (since != null) {
        positions.putAll(byTime(consumer, partitions, since));
      } else {
        cursor.forEach((tp, offset) -> positions.put(tp, offset));
      }
      if (Retention.clamp(positions, starts)) {
        sub.outbox().offerGap(sub, "retention", null);
      }
      positions.forEach(consumer::seek);
      while (!sub.stopped()) {
        Map<TopicPartition, Long> behind = join(sub);
        if (behind.isEmpty()) {
          return;
        }
        while (!sub.stopped() && !reached(positions, behind)) {
          try {
            ConsumerRecords<String, String> records = consumer.poll(POLL);
            for (TopicPartition tp : records.partitions()) {
              delivery.deliver(
                  tp,
                  EventDelivery.parse(records.records(tp)),
                  consumer.position(tp),
                  List.of(sub));
            }
            for (TopicPartition tp : partitions) {
              positions.merge(tp, consumer.position(tp), Math::max);
            }
          } catch (OffsetOutOfRangeException e) {
            Retention.skipToStart(
                consumer, e.offsetOutOfRangePartitions().keySet(), tp -> List.of(sub));
          }
        }
      }
    }
  }

  private Map<TopicPartition, Long> join(Subscription sub) throws InterruptedException {
    try {
      return fanout.attachAt(sub).get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("live reader refused the subscription", e.getCause());
    }
  }

  private static Map<TopicPartition, Long> byTime(
      KafkaConsumer<String, String> consumer, List<TopicPartition> partitions, long since) {
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(tp -> query.put(tp, since));
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    Map<TopicPartition, Long> positions = new HashMap<>();
    for (TopicPartition tp : partitions) {
      OffsetAndTimestamp at = found.get(tp);
      positions.put(tp, at != null ? at.offset() : ends.get(tp));
    }
    return positions;
  }

  private static boolean reached(
      Map<TopicPartition, Long> positions, Map<TopicPartition, Long> targets) {
    return targets.entrySet().stream()
        .allMatch(t -> positions.getOrDefault(t.getKey(), 0L) >= t.getValue());
  }
}
