package io.etherwatch.bench.ingest;

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
 * Sink} it hands every event and the moment it was read to the caller instead.
 */
final class LatencyProbe implements AutoCloseable {
  /** Receives each event read, with the epoch milliseconds at which the poll returned it. */
  @FunctionalInterface
  interface Sink {
    void accept(LogEvent event, long readAtMillis);
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong marked = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  LatencyProbe(String bootstrap, List<String> topics) {
    this(bootstrap, topics, (String) null);
  }

  /** As above; events whose message starts with {@code marker} (if not null) are only counted. */
  LatencyProbe(String bootstrap, List<String> topics, String marker) {
    this(bootstrap, topics, marker, null);
  }

  /**
   * Every event read from {@code topics} (from their ends at construction) goes to {@code sink}.
   */
  LatencyProbe(String bootstrap, List<String> topics, Sink sink) {
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
    for (String topic : topics) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
      if (infos != null) {
        infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
      }
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    thread =
        new Thread(
            () -> {
              try (consumer) {
                while (running) {
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
              }
            },
            "latency-probe");
    thread.start();
  }

  /** Events seen whose message starts with the marker. */
  long marked() {
    return marked.get();
  }

  /** {p50, p99, max} in milliseconds, and the number of events seen. */
  long[] summary() {
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
