package io.etherwatch.bench.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.logevent.LogEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A read_committed consumer that notes, for each event arriving after it started, how long after
 * its timestamp (the moment the writer put it) it became readable in Kafka. Events whose message
 * starts with a given marker (written deliberately late) are only counted, not timed. With a {@link
 * Sink} it hands every event and the moment it was read to the caller instead. A topic that does
 * not exist yet when the probe starts is looked for every second and read from its beginning once
 * it does (a log group's topic is made with its first events).
 */
public final class LatencyProbe implements AutoCloseable {
  /** Receives each event read, with the epoch milliseconds at which the poll returned it. */
  @FunctionalInterface
  public interface Sink {
    void accept(LogEvent event, long readAtMillis);
  }

  /** How often topics that did not exist at the start are looked for. */
  static final long PENDING_LOOK_MILLIS = 1_000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong marked = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  public LatencyProbe(String bootstrap, List<String> topics) {
    this(bootstrap, topics, (String) null);
  }

  /** As above; events whose message starts with {@code marker} (if not null) are only counted. */
  public LatencyProbe(String bootstrap, List<String> topics, String marker) {
    this(bootstrap, topics, marker, null);
  }

  /**
   * Every event read from {@code topics} (from their ends at construction) goes to {@code sink}.
   */
  public LatencyProbe(String bootstrap, List<String> topics, Sink sink) {
    this(bootstrap, topics, null, sink);
  }

  private LatencyProbe(String bootstrap, List<String> topics, String marker, Sink sink) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props);
    List<TopicPartition> partitions = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    for (String topic : topics) {
      if (!partitions.addAll(partitions(consumer, topic, Duration.ofSeconds(10)))) {
        pending.add(topic);
      }
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    thread =
        new Thread(
            () -> {
              try (consumer) {
                long nextLook = 0;
                while (running) {
                  if (!pending.isEmpty() && System.currentTimeMillis() >= nextLook) {
                    adopt(consumer, pending);
                    nextLook = System.currentTimeMillis() + PENDING_LOOK_MILLIS;
                  }
                  if (consumer.assignment().isEmpty()) {
                    Thread.sleep(100);
                    continue;
                  }
                  for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    LogEvent e = JSON.readValue(r.value(), LogEvent.class);
                    if (sink != null) {
                      sink.accept(e, now);
                    } else if (marker != null
                        && e.message() != null
                        && e.message().startsWith(marker)) {
                      marked.incrementAndGet();
                    } else {
                      latencies.add(now - e.timestamp());
                    }
                  }
                }
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "latency-probe");
    thread.start();
  }

  /** The partitions of {@code topic}, empty while it does not exist or the broker did not say. */
  private static List<TopicPartition> partitions(
      KafkaConsumer<String, byte[]> consumer, String topic, Duration timeout) {
    List<PartitionInfo> infos;
    try {
      infos = consumer.partitionsFor(topic, timeout);
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      return List.of();
    }
    List<TopicPartition> p = new ArrayList<>();
    if (infos != null) {
      infos.forEach(i -> p.add(new TopicPartition(topic, i.partition())));
    }
    return p;
  }

  /**
   * Assigns the partitions of the {@code pending} topics that exist by now, from their beginning
   * (every event of a topic made after the probe started is one the probe must see).
   */
  private static void adopt(KafkaConsumer<String, byte[]> consumer, List<String> pending) {
    List<TopicPartition> found = new ArrayList<>();
    for (java.util.Iterator<String> i = pending.iterator(); i.hasNext(); ) {
      List<TopicPartition> p = partitions(consumer, i.next(), Duration.ofMillis(500));
      if (!p.isEmpty()) {
        found.addAll(p);
        i.remove();
      }
    }
    if (!found.isEmpty()) {
      List<TopicPartition> all = new ArrayList<>(consumer.assignment());
      all.addAll(found);
      consumer.assign(all);
      consumer.seekToBeginning(found);
    }
  }

  /** Events seen whose message starts with the marker. */
  public long marked() {
    return marked.get();
  }

  /** {p50, p99, max} in milliseconds, and the number of events seen. */
  public long[] summary() {
    List<Long> sorted;
    synchronized (latencies) {
      sorted = new ArrayList<>(latencies);
    }
    Collections.sort(sorted);
    if (sorted.isEmpty()) {
      return new long[] {-1, -1, -1, 0};
    }
    return new long[] {
      sorted.get(sorted.size() / 2),
      sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)),
      sorted.get(sorted.size() - 1),
      sorted.size()
    };
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join();
  }
}
