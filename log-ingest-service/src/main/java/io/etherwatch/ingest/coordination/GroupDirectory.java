package io.etherwatch.ingest.coordination;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.ingest.client.KafkaSettings;
import io.etherwatch.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.jboss.logging.Logger;

/**
 * The followed log groups of a deployment, as its discovering replica found them: one record per
 * group on the compacted {@code kafka.groups-topic} (key {@code {"deployment","group"}}, value
 * {@code {"seenAt"}}, a tombstone when the group is gone), read by every replica. So one replica
 * lists CloudWatch for all. The reader survives Kafka errors (it reconnects after a pause).
 */
@ApplicationScoped
public class GroupDirectory {
  private static final Logger LOG = Logger.getLogger(GroupDirectory.class);
  private static final Duration RETRY = Duration.ofSeconds(2);

  /** The key of a group's record. */
  @JsonPropertyOrder({"deployment", "group"})
  record Key(String deployment, String group) {}

  /** The value of a group's record: when discovery last wrote it (epoch milliseconds). */
  @JsonPropertyOrder({"seenAt"})
  record Entry(long seenAt) {}

  private final KafkaSettings settings;
  private final ObjectMapper json;
  private final String topic;
  private final String deployment;
  private final Set<String> groups = ConcurrentHashMap.newKeySet();
  private volatile boolean running;
  private volatile boolean loaded;
  private KafkaProducer<String, byte[]> producer;
  private Thread thread;

  public GroupDirectory(KafkaSettings settings, ObjectMapper json, IngestConfig config) {
    this.settings = settings;
    this.json = json;
    this.topic = config.kafka().groupsTopic();
    this.deployment = config.kafka().coordinationGroup();
  }

  /** The groups the deployment follows, as last read. */
  public Set<String> groups() {
    return Set.copyOf(groups);
  }

  /** Whether the topic was read to its end once (before that, {@link #groups} may be partial). */
  public boolean loaded() {
    return loaded;
  }

  public synchronized void start() {
    running = true;
    thread = new Thread(this::run, "ingest-group-directory");
    thread.setDaemon(true);
    thread.start();
  }

  public synchronized void stop() {
    running = false;
    if (thread != null) {
      thread.interrupt();
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
      producer = null;
    }
  }

  /**
   * Writes what changed against what the topic holds: the groups of {@code selected} it lacks, and
   * tombstones for those it holds that are no longer selected.
   */
  public synchronized void publish(Set<String> selected) {
    if (producer == null) {
      producer = new KafkaProducer<>(settings.plainProducer());
    }
    long now = System.currentTimeMillis();
    Set<String> known = groups();
    for (String g : selected) {
      if (!known.contains(g)) {
        producer.send(new ProducerRecord<>(topic, key(g), write(new Entry(now))));
      }
    }
    if (loaded) {
      for (String g : known) {
        if (!selected.contains(g)) {
          producer.send(new ProducerRecord<>(topic, key(g), null));
        }
      }
    }
    producer.flush();
  }

  private void run() {
    TopicPartition partition = new TopicPartition(topic, 0);
    while (running) {
      try (KafkaConsumer<String, byte[]> consumer =
          new KafkaConsumer<>(settings.committedReader())) {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        while (running) {
          consumer.poll(Duration.ofMillis(500)).forEach(this::apply);
          if (!loaded) {
            long end =
                consumer.endOffsets(List.of(partition), Duration.ofSeconds(5)).get(partition);
            loaded = consumer.position(partition) >= end;
          }
        }
      } catch (InterruptException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warnf("reading the group directory failed (%s); retrying", e.getMessage());
        try {
          Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
  }

  private void apply(ConsumerRecord<String, byte[]> r) {
    Key k;
    try {
      k = json.readValue(r.key(), Key.class);
    } catch (IOException e) {
      return;
    }
    if (!deployment.equals(k.deployment())) {
      return;
    }
    if (r.value() == null) {
      groups.remove(k.group());
    } else {
      groups.add(k.group());
    }
  }

  private String key(String group) {
    return new String(write(new Key(deployment, group)), StandardCharsets.UTF_8);
  }

  private byte[] write(Object value) {
    try {
      return json.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value, e);
    }
  }
}
