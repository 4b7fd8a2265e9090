package io.etherwatch.push;

import io.etherwatch.testsupport.SharedServices;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a watched-groups topic with a plain consumer (partition 0 from the beginning, no group) and
 * keeps every record of each log group in order: the JSON value, or null for a tombstone.
 */
final class WatchedRecords implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);

  /** One record: its key's replica and its value (null: tombstone). */
  record Entry(String replica, JsonObject value) {}

  private final KafkaConsumer<String, String> consumer;
  private final Map<String, List<Entry>> byGroup = new HashMap<>();

  WatchedRecords(String topic) {
    this(SharedServices.kafkaBootstrapServers(), topic);
  }

  WatchedRecords(String bootstrapServers, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    consumer = new KafkaConsumer<>(props);
    TopicPartition partition = new TopicPartition(topic, 0);
    consumer.assign(List.of(partition));
    consumer.seekToBeginning(List.of(partition));
  }

  /** Every record of {@code group} read so far, oldest first. */
  List<Entry> entries(String group) {
    return byGroup.getOrDefault(group, List.of());
  }

  /** Reads until the newest record of {@code group} is a value {@code wanted} accepts. */
  JsonObject awaitRecord(String group, Predicate<JsonObject> wanted) {
    return awaitLatest(group, e -> e.value() != null && wanted.test(e.value()), "record").value();
  }

  /** Reads until the newest record of {@code group} is a tombstone; returns it. */
  Entry awaitTombstone(String group) {
    return awaitLatest(group, e -> e.value() == null, "tombstone");
  }

  /** Reads until {@code group} has {@code count} records or more; returns them all. */
  List<Entry> awaitEntries(String group, int count) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (entries(group).size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            count + " records of " + group + " not read within " + WAIT + ": " + entries(group));
      }
      poll();
    }
    return entries(group);
  }

  private Entry awaitLatest(String group, Predicate<Entry> wanted, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      List<Entry> entries = entries(group);
      if (!entries.isEmpty() && wanted.test(entries.get(entries.size() - 1))) {
        return entries.get(entries.size() - 1);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "the wanted " + what + " of " + group + " not read within " + WAIT + ": " + entries);
      }
      poll();
    }
  }

  private void poll() {
    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
      JsonObject key = new JsonObject(r.key());
      byGroup
          .computeIfAbsent(key.getString("group"), g -> new ArrayList<>())
          .add(
              new Entry(
                  key.getString("replica"), r.value() == null ? null : new JsonObject(r.value())));
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
