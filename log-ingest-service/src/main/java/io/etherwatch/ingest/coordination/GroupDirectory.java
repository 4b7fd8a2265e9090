package io.etherwatch.ingest.coordination;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.ingest.client.CompactedTopicReader;
import io.etherwatch.ingest.client.KafkaSettings;
import io.etherwatch.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The followed log groups of a deployment, as its discovering replica found them: one record per
 * group on the compacted {@code kafka.groups-topic} (key {@code {"deployment","group"}}, value
 * {@code {"seenAt"}}, a tombstone when the group is gone), read by every replica. So one replica
 * lists CloudWatch for all. The reader survives Kafka errors ({@link CompactedTopicReader}).
 */
@ApplicationScoped
public class GroupDirectory {

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
  private final CompactedTopicReader reader;
  private final List<Runnable> onAdded = new CopyOnWriteArrayList<>();
  private KafkaProducer<String, byte[]> producer;

  public GroupDirectory(KafkaSettings settings, ObjectMapper json, IngestConfig config) {
    this.settings = settings;
    this.json = json;
    this.topic = config.kafka().groupsTopic();
    this.deployment = config.kafka().coordinationGroup();
    this.reader = new CompactedTopicReader(settings, topic, "ingest-group-directory", this::apply);
  }

  /** Runs {@code listener} on the reader thread whenever a group is added to the directory. */
  public void onAdded(Runnable listener) {
    onAdded.add(listener);
  }

  /** The groups the deployment follows, as last read. */
  public Set<String> groups() {
    return Set.copyOf(groups);
  }

  /** Whether the topic was read to its end once (before that, {@link #groups} may be partial). */
  public boolean loaded() {
    return reader.loaded();
  }

  public void start() {
    reader.start();
  }

  public synchronized void stop() {
    reader.stop();
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
    if (reader.loaded()) {
      for (String g : known) {
        if (!selected.contains(g)) {
          producer.send(new ProducerRecord<>(topic, key(g), null));
        }
      }
    }
    producer.flush();
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
    } else if (groups.add(k.group())) {
      onAdded.forEach(Runnable::run);
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
