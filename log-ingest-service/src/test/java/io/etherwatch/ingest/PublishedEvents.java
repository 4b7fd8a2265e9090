package io.etherwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.logevent.LogEvent;
import io.etherwatch.logevent.TopicNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The reading side of the tests: what a read_committed consumer sees in the events topics. */
final class PublishedEvents {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TopicNames TOPICS = new TopicNames(TopicNames.DEFAULT_PATTERN);

  private PublishedEvents() {}

  /** Every committed event of {@code group}, in topic order. */
  static List<LogEvent> of(String bootstrapServers, String group) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<LogEvent> events = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
      List<PartitionInfo> infos =
          consumer.partitionsFor(TOPICS.topic(group), Duration.ofSeconds(10));
      if (infos == null || infos.isEmpty()) {
        return events;
      }
      List<TopicPartition> partitions = new ArrayList<>();
      infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          LogEvent e = JSON.readValue(r.value(), LogEvent.class);
          check(r, e);
          events.add(e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return events;
  }

  /** The numbers of the events of each stream, in the order they were published. */
  static Map<String, List<Integer>> numbersByStream(List<LogEvent> events) {
    Map<String, List<Integer>> byStream = new HashMap<>();
    events.forEach(
        e ->
            byStream
                .computeIfAbsent(e.logStreamName(), s -> new ArrayList<>())
                .add(LogsFixture.number(e.message())));
    return byStream;
  }

  /* Key, headers and value must agree: consumers rely on each of them (DESIGN section 5). */
  private static void check(ConsumerRecord<String, byte[]> r, LogEvent e) {
    if (!e.schema().equals(LogEvent.SCHEMA)
        || !r.key().equals(e.logStreamName())
        || !header(r, LogEvent.HEADER_GROUP).equals(e.logGroupName())
        || !header(r, LogEvent.HEADER_STREAM).equals(e.logStreamName())
        || !header(r, LogEvent.HEADER_EVENT_ID).equals(e.eventId())) {
      throw new AssertionError("record key/headers disagree with its value: " + e);
    }
  }

  private static String header(ConsumerRecord<?, ?> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  /** Waits until {@code group} has at least the given number of events per stream in Kafka. */
  static void awaitComplete(
      String bootstrapServers, String group, Map<String, Integer> counts, Duration wait) {
    await()
        .atMost(wait)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              Map<String, List<Integer>> byStream = numbersByStream(of(bootstrapServers, group));
              return counts.entrySet().stream()
                  .allMatch(
                      e -> byStream.getOrDefault(e.getKey(), List.of()).size() >= e.getValue());
            });
  }

  /** Each stream of {@code group} holds exactly events 0 .. n − 1, in order, each once. */
  static void assertExactlyOnceInOrder(
      String bootstrapServers, String group, Map<String, Integer> counts) {
    Map<String, List<Integer>> byStream = numbersByStream(of(bootstrapServers, group));
    assertThat(byStream.keySet()).containsExactlyInAnyOrderElementsOf(counts.keySet());
    counts.forEach(
        (stream, n) ->
            assertThat(byStream.get(stream))
                .as("events of %s/%s, in order, each once", group, stream)
                .containsExactlyElementsOf(IntStream.range(0, n).boxed().toList()));
  }
}
