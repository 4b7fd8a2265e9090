package io.etherwatch.ingest.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Reads partition 0 of a compacted, one-partition topic from its beginning and keeps reading it on
 * a thread of its own, handing every record (tombstones included, value null) to {@code apply} in
 * offset order; read_committed. Survives Kafka errors: a failure (a broker restart, a timeout)
 * closes the consumer and reads the topic again from its beginning after a pause, so {@code apply}
 * must be idempotent (later records replace earlier ones of their key, as compaction does). {@link
 * #stop} wakes the consumer rather than interrupting the thread, so it closes cleanly.
 */
public final class CompactedTopicReader {
  private static final Logger LOG = Logger.getLogger(CompactedTopicReader.class);
  private static final Duration RETRY = Duration.ofSeconds(2);
  private static final Duration POLL = Duration.ofMillis(500);

  private final KafkaSettings settings;
  private final String topic;
  private final String threadName;
  private final Consumer<ConsumerRecord<String, byte[]>> apply;
  private volatile boolean running;
  private volatile boolean loaded;
  private volatile long lastRead;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private Thread thread;

  /**
   * @param threadName the reader thread's name, also used in its log lines
   * @param apply called on the reader thread for each record
   */
  public CompactedTopicReader(
      KafkaSettings settings,
      String topic,
      String threadName,
      Consumer<ConsumerRecord<String, byte[]>> apply) {
    this.settings = settings;
    this.topic = topic;
    this.threadName = threadName;
    this.apply = apply;
  }

  /** Whether the topic was read to its end once (before that, what was applied may be partial). */
  public boolean loaded() {
    return loaded;
  }

  /**
   * When a poll of the topic last succeeded (epoch milliseconds; 0 before the first): what was
   * applied is at most that old, plus one poll.
   */
  public long lastRead() {
    return lastRead;
  }

  public synchronized void start() {
    running = true;
    thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  public synchronized void stop() {
    running = false;
    stopped.countDown();
    KafkaConsumer<String, byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
  }

  private void run() {
    TopicPartition partition = new TopicPartition(topic, 0);
    while (running) {
      try (KafkaConsumer<String, byte[]> consumer =
          new KafkaConsumer<>(settings.committedReader())) {
        this.consumer = consumer;
        if (!running) {
          return;
        }
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        while (running) {
          consumer.poll(POLL).forEach(apply);
          lastRead = System.currentTimeMillis();
          if (!loaded) {
            long end =
                consumer.endOffsets(List.of(partition), Duration.ofSeconds(5)).get(partition);
            loaded = consumer.position(partition) >= end;
          }
        }
      } catch (WakeupException | InterruptException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warnf("%s: reading %s failed (%s); retrying", threadName, topic, e.getMessage());
        try {
          if (stopped.await(RETRY.toMillis(), TimeUnit.MILLISECONDS)) {
            return;
          }
        } catch (InterruptedException stop) {
          return;
        }
      } finally {
        this.consumer = null;
      }
    }
  }
}
