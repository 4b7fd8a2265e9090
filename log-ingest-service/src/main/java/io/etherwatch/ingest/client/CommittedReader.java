package io.etherwatch.ingest.client;

import io.etherwatch.ingest.config.IngestConfig;
import io.etherwatch.ingest.domain.EventKey;
import io.etherwatch.ingest.domain.LateEvent;
import io.etherwatch.ingest.domain.LogStreamCheckpoint;
import io.etherwatch.ingest.domain.LogStreamPartition;
import io.etherwatch.logevent.LogEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Reads back what committed transactions wrote: the checkpoints, and the ids of the events already
 * published in a group's lookback window (they suppress re-reads after a restart, exactly, because
 * they commit with the checkpoints).
 */
@ApplicationScoped
public class CommittedReader {
  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaSettings settings;
  private final RecordCodec codec;
  private final String checkpointTopic;

  public CommittedReader(KafkaSettings settings, RecordCodec codec, IngestConfig config) {
    this.settings = settings;
    this.codec = codec;
    this.checkpointTopic = config.kafka().checkpointTopic();
  }

  /**
   * Every committed checkpoint (the latest per key) with its late events. Keys of either JSON
   * property order are read (an older version wrote them in {@code Map.of} order): the newest
   * record of a (group, stream) wins whatever its key bytes.
   */
  public CommittedCheckpoints checkpoints() {
    Map<LogStreamPartition, CheckpointValue> values = new HashMap<>();
    Map<LogStreamPartition, Map<String, LateEvent>> late = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings.committedReader())) {
      List<TopicPartition> partitions = partitions(consumer, checkpointTopic);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      readToEnd(
          consumer,
          partitions,
          r -> {
            Object key = codec.key(r.key());
            if (key instanceof LateEventKey k) {
              LogStreamPartition p = new LogStreamPartition(k.group(), k.stream());
              if (r.value() == null) {
                late.getOrDefault(p, new HashMap<>()).remove(k.eventId());
              } else {
                late.computeIfAbsent(p, x -> new HashMap<>())
                    .put(k.eventId(), codec.lateEvent(r.value()));
              }
            } else if (r.value() == null) {
              values.remove((LogStreamPartition) key);
            } else {
              values.put((LogStreamPartition) key, codec.checkpointValue(r.value()));
            }
          });
    }
    Map<LogStreamPartition, LogStreamCheckpoint> all = new HashMap<>();
    Set<LogStreamPartition> embedded = new HashSet<>();
    values.forEach(
        (p, v) -> {
          all.put(p, RecordCodec.checkpoint(v, late.getOrDefault(p, Map.of())));
          if (v.embedsLateEvents()) {
            embedded.add(p);
          }
        });
    return new CommittedCheckpoints(all, embedded);
  }

  /**
   * The events of {@code group} published to {@code topics} with a timestamp at or after {@code
   * fromTimestamp}, of those {@code wanted} accepts (only those are kept in memory).
   */
  public List<EventKey> publishedIds(
      String group, Collection<String> topics, long fromTimestamp, Predicate<EventKey> wanted) {
    List<EventKey> ids = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings.committedReader())) {
      Map<TopicPartition, Long> query = new HashMap<>();
      for (String topic : topics) {
        partitions(consumer, topic).forEach(tp -> query.put(tp, fromTimestamp));
      }
      if (query.isEmpty()) {
        return ids;
      }
      Map<TopicPartition, OffsetAndTimestamp> starts =
          consumer.offsetsForTimes(query, Duration.ofSeconds(15));
      List<TopicPartition> toRead = new ArrayList<>();
      starts.forEach(
          (tp, start) -> {
            if (start != null) {
              toRead.add(tp);
            }
          });
      consumer.assign(toRead);
      toRead.forEach(tp -> consumer.seek(tp, starts.get(tp).offset()));
      readToEnd(
          consumer,
          toRead,
          r -> {
            if (r.timestamp() >= fromTimestamp && group.equals(header(r, LogEvent.HEADER_GROUP))) {
              EventKey key =
                  new EventKey(
                      header(r, LogEvent.HEADER_STREAM),
                      header(r, LogEvent.HEADER_EVENT_ID),
                      r.timestamp());
              if (wanted.test(key)) {
                ids.add(key);
              }
            }
          });
    }
    return ids;
  }

  private static List<TopicPartition> partitions(
      KafkaConsumer<String, byte[]> consumer, String topic) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(15));
    List<TopicPartition> partitions = new ArrayList<>();
    if (infos != null) {
      infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
    }
    return partitions;
  }

  /*
   * Up to the high watermark, not the last stable offset (what endOffsets gives a read_committed
   * consumer): another shard's open transaction may hold the LSO below this shard's last commit.
   */
  private void readToEnd(
      KafkaConsumer<String, byte[]> consumer,
      List<TopicPartition> partitions,
      Consumer<ConsumerRecord<String, byte[]>> sink) {
    if (partitions.isEmpty()) {
      return;
    }
    Map<TopicPartition, Long> ends;
    try (KafkaConsumer<String, byte[]> any = new KafkaConsumer<>(settings.uncommittedReader())) {
      ends = any.endOffsets(partitions, Duration.ofSeconds(15));
    }
    while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
      consumer.poll(POLL).forEach(sink);
    }
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
