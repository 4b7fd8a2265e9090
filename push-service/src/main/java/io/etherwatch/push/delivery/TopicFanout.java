package io.etherwatch.push.delivery;

import io.etherwatch.push.client.KafkaReaders;
import io.etherwatch.push.config.PushConfig;
import io.etherwatch.push.domain.Cursor;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The replica's one live Kafka reader: it reads each topic that has subscribers once, from one
 * thread, and fans every batch out to the subscriptions of that topic. Topics without subscribers
 * are not assigned. Subscribing and unsubscribing are commands run on the reader thread between
 * polls, so a live subscription starts exactly at the reader's position: everything before it was
 * already fanned out, everything after it will be.
 */
@ApplicationScoped
public class TopicFanout {
  private static final Logger LOG = Logger.getLogger(TopicFanout.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final long REFRESH_MILLIS = 2_000;

  private final KafkaReaders readers;
  private final EventDelivery delivery;
  private final LinkedBlockingQueue<Runnable> commands = new LinkedBlockingQueue<>();
  private final Map<String, TopicState> topics = new HashMap<>();
  private final Set<String> readTopics = ConcurrentHashMap.newKeySet();
  private final AtomicLong lag = new AtomicLong();
  private volatile boolean running;
  private volatile boolean polling;
  private volatile KafkaConsumer<String, String> consumer;
  private Thread thread;

  private static final class TopicState {
    List<TopicPartition> partitions = List.of();
    final List<Subscription> subs = new ArrayList<>();
  }

  public TopicFanout(KafkaReaders readers, PushConfig config, Cursor cursor) {
    this.readers = readers;
    this.delivery = new EventDelivery(config.maxEventsPerFrame(), config.maxFrameBytes(), cursor);
  }

  void start(@Observes StartupEvent event) {
    consumer = readers.consumer("live");
    running = true;
    thread = new Thread(this::run, "push-live-reader");
    thread.setDaemon(true);
    thread.start();
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    running = false;
    if (consumer != null) {
      consumer.wakeup();
    }
    if (thread != null) {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    }
  }

  /**
   * Adds a subscription that starts at the live position (only what arrives from now on); {@code
   * announce} runs on the reader thread once the position is fixed and before any delivery, so what
   * it queues (the reply) precedes every event, and every event committed after it is delivered.
   */
  public CompletableFuture<Void> attachLive(Subscription sub, Runnable announce) {
    return onReader(
        () -> {
          if (sub.stopped()) {
            return null;
          }
          for (String topic : sub.topics()) {
            TopicState state = topics.get(topic);
            boolean opened = state == null;
            if (opened) {
              state = open(topic);
              consumer.seekToEnd(state.partitions);
            }
            for (TopicPartition tp : state.partitions) {
              sub.positions().put(tp, uninterrupted(() -> consumer.position(tp)));
            }
            state.subs.add(sub);
          }
          LOG.debugf("subscription %s live at %s", sub.id(), sub.positions());
          announce.run();
          return null;
        });
  }

  /**
   * Adds a subscription at its own positions if none is behind the live reader; otherwise adds
   * nothing and answers, per partition, the position it must reach first. The live reader's
   * position is never moved for a subscription: a topic it does not read yet is opened at its end
   * (DESIGN section 6: a replay never changes the position of the shared live reader), so what one
   * subscriber replays never reaches another as live events.
   */
  public CompletableFuture<Map<TopicPartition, Long>> attachAt(Subscription sub) {
    return onReader(
        () -> {
          Map<TopicPartition, Long> behind = new HashMap<>();
          if (sub.stopped()) {
            return behind;
          }
          for (String topic : sub.topics()) {
            TopicState state = topics.get(topic);
            if (state == null) {
              state = open(topic);
              consumer.seekToEnd(state.partitions);
            }
            for (TopicPartition tp : state.partitions) {
              long live = uninterrupted(() -> consumer.position(tp));
              if (sub.positions().getOrDefault(tp, 0L) < live) {
                behind.put(tp, live);
              }
            }
          }
          if (!behind.isEmpty()) {
            return behind;
          }
          for (String topic : sub.topics()) {
            topics.get(topic).subs.add(sub);
          }
          return Map.of();
        });
  }

  /** Removes a subscription; a topic left without subscribers is no longer read. */
  public CompletableFuture<Void> detach(Subscription sub) {
    return onReader(
        () -> {
          boolean changed = false;
          for (String topic : sub.topics()) {
            TopicState state = topics.get(topic);
            if (state == null) {
              continue;
            }
            state.subs.remove(sub);
            // A topic a replay opened may have no subscriber yet: it closes with the replay too.
            if (state.subs.isEmpty()) {
              topics.remove(topic);
              readTopics.remove(topic);
              changed = true;
            }
          }
          if (changed) {
            assignAll();
          }
          return null;
        });
  }

  /** The topics the live reader reads now. */
  public Set<String> readTopics() {
    return Set.copyOf(readTopics);
  }

  /** Records the live reader has not read yet, summed over its partitions. */
  public long consumerLag() {
    return lag.get();
  }

  private TopicState open(String topic) {
    TopicState state = new TopicState();
    state.partitions = partitionsOf(topic);
    topics.put(topic, state);
    readTopics.add(topic);
    assignAll();
    return state;
  }

  private List<TopicPartition> partitionsOf(String topic) {
    try {
      List<PartitionInfo> infos =
          uninterrupted(() -> consumer.partitionsFor(topic, Duration.ofSeconds(5)));
      return infos == null
          ? List.of()
          : infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    } catch (RuntimeException e) {
      LOG.debugf("partitions of %s unknown yet: %s", topic, e.toString());
      return List.of();
    }
  }

  private void assignAll() {
    List<TopicPartition> all = new ArrayList<>();
    topics.values().forEach(state -> all.addAll(state.partitions));
    consumer.assign(all);
  }

  // A topic created (or grown) after its first subscriber holds only newer events: read it all.
  private void refreshPartitions() {
    for (Map.Entry<String, TopicState> entry : topics.entrySet()) {
      TopicState state = entry.getValue();
      List<TopicPartition> now = partitionsOf(entry.getKey());
      if (now.size() <= state.partitions.size()) {
        continue;
      }
      LOG.debugf("topic %s now has %d partitions", entry.getKey(), now.size());
      List<TopicPartition> added = new ArrayList<>(now);
      added.removeAll(state.partitions);
      state.partitions = now;
      assignAll();
      consumer.seekToBeginning(added);
      for (TopicPartition tp : added) {
        long start = uninterrupted(() -> consumer.position(tp));
        state.subs.forEach(sub -> sub.positions().putIfAbsent(tp, start));
      }
    }
  }

  // A wakeup meant for a poll may land on the next blocking call instead; it fires once.
  static <T> T uninterrupted(Supplier<T> call) {
    while (true) {
      try {
        return call.get();
      } catch (WakeupException e) {
        // the poll it was meant for has already returned
      }
    }
  }

  private <T> CompletableFuture<T> onReader(Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    commands.add(
        () -> {
          try {
            result.complete(work.get());
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
          }
        });
    KafkaConsumer<String, String> c = consumer;
    if (c != null && polling) {
      c.wakeup();
    }
    return result;
  }

  private void run() {
    long nextRefresh = 0;
    while (running) {
      try {
        Runnable command;
        while ((command = commands.poll()) != null) {
          command.run();
        }
        if (System.currentTimeMillis() >= nextRefresh) {
          refreshPartitions();
          nextRefresh = System.currentTimeMillis() + REFRESH_MILLIS;
        }
        if (consumer.assignment().isEmpty()) {
          lag.set(0);
          command = commands.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
          if (command != null) {
            command.run();
          }
          continue;
        }
        ConsumerRecords<String, String> records;
        polling = true;
        try {
          records = commands.isEmpty() ? consumer.poll(POLL) : ConsumerRecords.empty();
        } finally {
          polling = false;
        }
        for (TopicPartition tp : records.partitions()) {
          TopicState state = topics.get(tp.topic());
          if (state != null) {
            delivery.deliver(
                tp,
                EventDelivery.parse(records.records(tp)),
                uninterrupted(() -> consumer.position(tp)),
                state.subs);
          }
        }
        updateLag();
      } catch (WakeupException e) {
        // a command is waiting
      } catch (OffsetOutOfRangeException e) {
        Retention.skipToStart(
            consumer, e.offsetOutOfRangePartitions().keySet(), tp -> subsOf(tp.topic()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("live reader failed; retrying in a second", e);
        sleepQuietly();
      }
    }
    consumer.close(Duration.ofSeconds(5));
  }

  private List<Subscription> subsOf(String topic) {
    TopicState state = topics.get(topic);
    return state == null ? List.of() : state.subs;
  }

  private void updateLag() {
    long total = 0;
    for (TopicPartition tp : consumer.assignment()) {
      total += consumer.currentLag(tp).orElse(0);
    }
    lag.set(total);
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
