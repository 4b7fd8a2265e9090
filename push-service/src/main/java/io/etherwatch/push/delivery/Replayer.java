package io.etherwatch.push.delivery;

import io.etherwatch.push.client.KafkaReaders;
import io.etherwatch.push.config.PushConfig;
import io.etherwatch.push.domain.Cursor;
import io.etherwatch.push.domain.Frames;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
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
 * reach first. So the seam has no gap, and per-subscription positions make it duplicate-free. The
 * live reader's own position is never moved by a replay.
 *
 * <p>Capacity is bounded and shared: a connection and a user may each have a few replays ({@link
 * #admit}; more get {@code limit}), at most {@code max-active-replays} hold a consumer (the others
 * wait in arrival order), and the active ones take turns on {@code replay-threads} threads one poll
 * at a time, so a long {@code since: 0} never holds a short resume behind it.
 */
@ApplicationScoped
public class Replayer {
  private static final Logger LOG = Logger.getLogger(Replayer.class);
  private static final Duration POLL = Duration.ofMillis(100);

  private final KafkaReaders readers;
  private final TopicFanout fanout;
  private final EventDelivery delivery;
  private final ExecutorService pool;
  private final int maxActive;
  private final int perConnection;
  private final int perUser;
  // Guarded by this: admitted subscriptions and their user, counts, the replays waiting for a
  // place.
  private final Map<Subscription, String> admitted = new HashMap<>();
  private final Map<String, Integer> byConnection = new HashMap<>();
  private final Map<String, Integer> byUser = new HashMap<>();
  private final ArrayDeque<Replay> waiting = new ArrayDeque<>();
  private int active;

  public Replayer(KafkaReaders readers, TopicFanout fanout, PushConfig config, Cursor cursor) {
    this.readers = readers;
    this.fanout = fanout;
    this.delivery = new EventDelivery(config.maxEventsPerFrame(), config.maxFrameBytes(), cursor);
    this.maxActive = config.maxActiveReplays();
    this.perConnection = config.maxReplaysPerConnection();
    this.perUser = config.maxReplaysPerUser();
    AtomicInteger n = new AtomicInteger();
    // A FIFO queue: a replay that has polled once goes behind every other active one.
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

  /**
   * Takes a replay place for {@code sub} of {@code user}; empty when granted, else the message of
   * the {@code limit} refusal (per connection, then per user).
   */
  public synchronized Optional<String> admit(Subscription sub, String user) {
    if (byConnection.getOrDefault(sub.connectionId(), 0) >= perConnection) {
      return Optional.of(
          "at most "
              + perConnection
              + " replays (resume, since) at once per connection; retry when one has caught up");
    }
    if (byUser.getOrDefault(user, 0) >= perUser) {
      return Optional.of(
          "at most "
              + perUser
              + " replays (resume, since) at once per user; retry when one has caught up");
    }
    admitted.put(sub, user);
    byConnection.merge(sub.connectionId(), 1, Integer::sum);
    byUser.merge(user, 1, Integer::sum);
    return Optional.empty();
  }

  /** Gives back the place {@link #admit} took (once; later calls do nothing). */
  public void release(Subscription sub) {
    synchronized (this) {
      String user = admitted.remove(sub);
      if (user == null) {
        return;
      }
      byConnection.computeIfPresent(sub.connectionId(), (c, k) -> k > 1 ? k - 1 : null);
      byUser.computeIfPresent(user, (u, k) -> k > 1 ? k - 1 : null);
      waiting.removeIf(replay -> replay.sub == sub);
    }
  }

  /**
   * Replays an admitted {@code sub} from {@code cursor} (positions) or {@code since} (epoch ms).
   */
  public void replay(Subscription sub, Map<TopicPartition, Long> cursor, Long since) {
    Replay replay = new Replay(sub, cursor, since);
    synchronized (this) {
      if (active >= maxActive) {
        waiting.add(replay);
        return;
      }
      active++;
    }
    pool.execute(replay);
  }

  private void finished(Replay replay) {
    replay.close();
    release(replay.sub);
    Replay next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        active--;
        return;
      }
    }
    pool.execute(next);
  }

  /** One subscription's replay, run one poll at a time. */
  private final class Replay implements Runnable {
    final Subscription sub;
    private final Map<TopicPartition, Long> cursor;
    private final Long since;
    private KafkaConsumer<String, String> consumer;
    private List<TopicPartition> partitions;
    private Map<TopicPartition, Long> behind;

    Replay(Subscription sub, Map<TopicPartition, Long> cursor, Long since) {
      this.sub = sub;
      this.cursor = cursor;
      this.since = since;
    }

    @Override
    public void run() {
      boolean done;
      try {
        done = step();
      } catch (RuntimeException e) {
        LOG.errorf(e, "replay of subscription %s failed", sub.id());
        sub.outbox().offer(Frames.error("internal", "replay failed; resume from the last cursor"));
        done = true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        done = true;
      }
      if (done) {
        finished(this);
      } else {
        pool.execute(this);
      }
    }

    /** One turn: true when the replay has ended (handed over, stopped). */
    private boolean step() throws InterruptedException {
      if (sub.stopped()) {
        return true;
      }
      if (consumer == null) {
        begin();
      }
      Map<TopicPartition, Long> positions = sub.positions();
      if (behind == null || reached(positions, behind)) {
        behind = join();
        if (behind.isEmpty() || sub.stopped()) {
          return true;
        }
        adopt(behind.keySet());
      }
      try {
        ConsumerRecords<String, String> records = consumer.poll(POLL);
        for (TopicPartition tp : records.partitions()) {
          delivery.deliver(
              tp, EventDelivery.parse(records.records(tp)), consumer.position(tp), List.of(sub));
        }
        for (TopicPartition tp : partitions) {
          positions.merge(tp, consumer.position(tp), Math::max);
        }
      } catch (OffsetOutOfRangeException e) {
        Retention.skipToStart(
            consumer, e.offsetOutOfRangePartitions().keySet(), tp -> List.of(sub));
      }
      return false;
    }

    private void begin() {
      consumer = readers.consumer("replay");
      partitions = new ArrayList<>();
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
        positions.putAll(cursor);
      }
      if (Retention.clamp(positions, starts)) {
        sub.outbox().offerGap(sub, "retention", null);
      }
      partitions.forEach(tp -> consumer.seek(tp, positions.get(tp)));
    }

    /*
     * Partitions the live reader reads and this replay does not: a topic created (or grown) after
     * the replay began, e.g. the first events of a new group. Without them the replay could never
     * reach the live reader's position. Such a partition holds only newer events: it is read from
     * its start (or from {@code since}), as the live reader reads a partition that appears.
     */
    private void adopt(Set<TopicPartition> wanted) {
      List<TopicPartition> added = new ArrayList<>(wanted);
      added.removeAll(partitions);
      if (added.isEmpty()) {
        return;
      }
      partitions.addAll(added);
      consumer.assign(partitions);
      Map<TopicPartition, Long> starts =
          since != null ? byTime(consumer, added, since) : consumer.beginningOffsets(added);
      Map<TopicPartition, Long> positions = sub.positions();
      for (TopicPartition tp : added) {
        positions.putIfAbsent(tp, starts.get(tp));
        consumer.seek(tp, positions.get(tp));
      }
      LOG.debugf("replay of %s also reads %s, created after it began", sub.id(), added);
    }

    private Map<TopicPartition, Long> join() throws InterruptedException {
      try {
        return fanout.attachAt(sub).get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("live reader refused the subscription", e.getCause());
      }
    }

    void close() {
      if (consumer != null) {
        try {
          consumer.close(Duration.ofSeconds(1));
        } catch (RuntimeException e) {
          LOG.debugf("closing the replay consumer of %s: %s", sub.id(), e);
        }
        consumer = null;
      }
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
