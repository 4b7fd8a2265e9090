package io.etherwatch.ingest.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.ingest.config.IngestConfig;
import io.etherwatch.ingest.domain.FetchedEvent;
import io.etherwatch.ingest.domain.LogStreamCheckpoint;
import io.etherwatch.ingest.domain.LogStreamPartition;
import io.etherwatch.logevent.LogEvent;
import io.etherwatch.logevent.TopicNames;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The Kafka form of events and checkpoints. Event records: topic by {@link TopicNames}, key =
 * stream, record timestamp = event timestamp (so a restart finds the lookback window by time),
 * headers {@code ew-*}, value = {@link LogEvent} JSON. Checkpoint records: key and value are JSON
 * maps.
 */
@ApplicationScoped
public class RecordCodec {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final ObjectMapper json;
  private final TopicNames topics;
  private final boolean perStream;
  private final Map<String, String> topicCache = new ConcurrentHashMap<>();
  private final String checkpointTopic;

  public RecordCodec(ObjectMapper json, IngestConfig config) {
    this.json = json;
    this.topics = new TopicNames(config.topicPattern());
    this.perStream = topics.perStream();
    this.checkpointTopic = config.kafka().checkpointTopic();
  }

  /** The topic of an event (cached: the mapping hashes lossy names, and runs for every event). */
  public String topic(String group, String stream) {
    String key = perStream ? group + '\u0000' + stream : group;
    return topicCache.computeIfAbsent(key, k -> topics.topic(group, stream));
  }

  public ProducerRecord<String, byte[]> event(String group, FetchedEvent e) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(LogEvent.HEADER_GROUP, utf8(group));
    headers.add(LogEvent.HEADER_STREAM, utf8(e.stream()));
    headers.add(LogEvent.HEADER_EVENT_ID, utf8(e.eventId()));
    LogEvent value =
        LogEvent.of(e.eventId(), group, e.stream(), e.timestamp(), e.ingestionTime(), e.message());
    return new ProducerRecord<>(
        topic(group, e.stream()), null, e.timestamp(), e.stream(), write(value), headers);
  }

  public ProducerRecord<String, byte[]> checkpoint(
      LogStreamPartition partition, LogStreamCheckpoint checkpoint) {
    return new ProducerRecord<>(
        checkpointTopic, checkpointKey(partition), write(checkpoint.toMap()));
  }

  public String checkpointKey(LogStreamPartition partition) {
    return new String(write(partition.toMap()), StandardCharsets.UTF_8);
  }

  public LogStreamPartition partition(String key) {
    return LogStreamPartition.fromMap(read(key.getBytes(StandardCharsets.UTF_8)));
  }

  public LogStreamCheckpoint checkpoint(byte[] value) {
    return LogStreamCheckpoint.fromMap(read(value));
  }

  private byte[] write(Object value) {
    try {
      return json.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value, e);
    }
  }

  private Map<String, Object> read(byte[] bytes) {
    try {
      return json.readValue(bytes, MAP);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable checkpoint record", e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
