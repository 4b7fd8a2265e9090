package io.etherwatch.ingest.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.ingest.config.IngestConfig;
import io.etherwatch.ingest.domain.CheckpointUpdate;
import io.etherwatch.ingest.domain.FetchedEvent;
import io.etherwatch.ingest.domain.LateEvent;
import io.etherwatch.ingest.domain.LogStreamCheckpoint;
import io.etherwatch.ingest.domain.LogStreamPartition;
import io.etherwatch.logevent.LogEvent;
import io.etherwatch.logevent.TopicNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The Kafka form of events and checkpoints, every record serialised by Jackson with a fixed
 * property order (the same (group, stream) always gives the same key bytes in the compacted topic).
 * Event records: topic by {@link TopicNames}, key = stream, record timestamp = event timestamp (so
 * a restart finds the lookback window by time), headers {@code ew-*}, value = {@link LogEvent}
 * JSON, its message cut to fit the record size limit ({@link #HEADER_TRUNCATED}). Checkpoint
 * records: key {@link LogStreamPartition}, value {@link CheckpointValue}; each counted-late event
 * is a record of its own, key {@link LateEventKey}, value {@link LateEvent}.
 */
@ApplicationScoped
public class RecordCodec {
  /**
   * Header on an event whose message was cut to fit Kafka's record size limit: the original
   * message's length in UTF-8 bytes (decimal).
   */
  public static final String HEADER_TRUNCATED = "ew-truncated";

  /*
   * Room for the record batch header and the record's own framing (varints, attributes): the
   * producer's size check counts them, the broker's too (about 100 bytes; generous on purpose).
   */
  static final int RECORD_OVERHEAD = 512;

  /** An event record, and whether its message had to be cut. */
  public record EncodedEvent(ProducerRecord<String, byte[]> record, boolean truncated) {}

  private final ObjectMapper json;
  private final TopicNames topics;
  private final boolean perStream;
  private final Map<String, String> topicCache = new ConcurrentHashMap<>();
  private final String checkpointTopic;

  @Inject
  public RecordCodec(ObjectMapper json, IngestConfig config) {
    this(json, config.topicPattern(), config.kafka().checkpointTopic());
  }

  RecordCodec(ObjectMapper json, String topicPattern, String checkpointTopic) {
    this.json = json;
    this.topics = new TopicNames(topicPattern);
    this.perStream = topics.perStream();
    this.checkpointTopic = checkpointTopic;
  }

  /** The topic of an event (cached: the mapping hashes lossy names, and runs for every event). */
  public String topic(String group, String stream) {
    String key = perStream ? group + '\u0000' + stream : group;
    return topicCache.computeIfAbsent(key, k -> topics.topic(group, stream));
  }

  /**
   * The record of an event, at most {@code maxBytes} (key, value, headers and framing). A longer
   * one is published with its message cut to fit and the {@link #HEADER_TRUNCATED} header; null
   * when not even an empty message fits (the event must be skipped).
   */
  public EncodedEvent event(String group, FetchedEvent e, int maxBytes) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(LogEvent.HEADER_GROUP, utf8(group));
    headers.add(LogEvent.HEADER_STREAM, utf8(e.stream()));
    headers.add(LogEvent.HEADER_EVENT_ID, utf8(e.eventId()));
    byte[] value = value(group, e, e.message());
    int room = maxBytes - RECORD_OVERHEAD - utf8(e.stream()).length - headerBytes(headers);
    boolean truncated = false;
    if (value.length > room) {
      String message = e.message() == null ? "" : e.message();
      headers.add(HEADER_TRUNCATED, utf8(Integer.toString(utf8(message).length)));
      room -= HEADER_TRUNCATED.length() + 12;
      value = fitted(group, e, message, room);
      if (value == null) {
        return null;
      }
      truncated = true;
    }
    return new EncodedEvent(
        new ProducerRecord<>(
            topic(group, e.stream()), null, e.timestamp(), e.stream(), value, headers),
        truncated);
  }

  /* The value with the longest prefix of the message that fits in room bytes (JSON escaping grows
   * control characters sixfold, so the cut is found by measuring), or null. */
  private byte[] fitted(String group, FetchedEvent e, String message, int room) {
    byte[] empty = value(group, e, "");
    if (empty.length > room) {
      return null;
    }
    int lo = 0;
    int hi = message.length();
    byte[] best = empty;
    while (lo < hi) {
      int mid = cut(message, (lo + hi + 1) >>> 1);
      if (mid <= lo) {
        mid = lo + 1;
      }
      byte[] candidate = value(group, e, message.substring(0, cut(message, mid)));
      if (candidate.length <= room) {
        lo = mid;
        best = candidate;
      } else {
        hi = mid - 1;
      }
    }
    return best;
  }

  /* Never ends a prefix between the two halves of a surrogate pair. */
  private static int cut(String message, int end) {
    return end > 0 && end < message.length() && Character.isHighSurrogate(message.charAt(end - 1))
        ? end - 1
        : end;
  }

  private byte[] value(String group, FetchedEvent e, String message) {
    return write(
        LogEvent.of(e.eventId(), group, e.stream(), e.timestamp(), e.ingestionTime(), message));
  }

  private static int headerBytes(RecordHeaders headers) {
    int n = 0;
    for (Header h : headers) {
      n += h.key().length() + h.value().length + 10;
    }
    return n;
  }

  /**
   * The records of one checkpoint update: the checkpoint itself, the late events it adds, and
   * tombstones for those it drops.
   */
  public List<ProducerRecord<String, byte[]>> checkpoint(CheckpointUpdate update) {
    LogStreamPartition p = update.partition();
    LogStreamCheckpoint next = update.next();
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    records.add(
        new ProducerRecord<>(
            checkpointTopic,
            checkpointKey(p),
            write(
                new CheckpointValue(
                    next.timestamp(),
                    next.ingestionTime(),
                    next.trackingSince(),
                    next.lateWatermark(),
                    null,
                    null))));
    Map<String, LateEvent> before = update.previous().lateEvents();
    next.lateEvents()
        .forEach(
            (id, e) -> {
              if (!e.equals(before.get(id))) {
                records.add(new ProducerRecord<>(checkpointTopic, lateKey(p, id), write(e)));
              }
            });
    before.forEach(
        (id, e) -> {
          if (!next.lateEvents().containsKey(id)) {
            records.add(new ProducerRecord<>(checkpointTopic, lateKey(p, id), null));
          }
        });
    return records;
  }

  /** The key of a stream's checkpoint: {@code {"group":…,"stream":…}}. */
  public String checkpointKey(LogStreamPartition partition) {
    return new String(write(partition), StandardCharsets.UTF_8);
  }

  private String lateKey(LogStreamPartition p, String eventId) {
    return new String(
        write(new LateEventKey(p.group(), p.stream(), eventId)), StandardCharsets.UTF_8);
  }

  /** A checkpoint-topic key: a {@link LogStreamPartition}, or a {@link LateEventKey}. */
  Object key(String key) {
    JsonNode tree = read(utf8(key));
    return tree.has("eventId")
        ? json.convertValue(tree, LateEventKey.class)
        : json.convertValue(tree, LogStreamPartition.class);
  }

  CheckpointValue checkpointValue(byte[] value) {
    return json.convertValue(read(value), CheckpointValue.class);
  }

  LateEvent lateEvent(byte[] value) {
    return json.convertValue(read(value), LateEvent.class);
  }

  /**
   * A checkpoint from its value and its late events (the records beside it, or, in the old form,
   * those the value embeds: {@code lateEvents} id → {timestamp, ingestionTime}, or before late
   * sweeps {@code lateEventIds} id → timestamp).
   */
  static LogStreamCheckpoint checkpoint(CheckpointValue v, Map<String, LateEvent> records) {
    Map<String, LateEvent> late = new HashMap<>(records);
    if (v.lateEventIds() != null) {
      v.lateEventIds().forEach((id, t) -> late.put(id, new LateEvent(t.asLong(), Long.MIN_VALUE)));
    }
    if (v.lateEvents() != null) {
      v.lateEvents()
          .forEach(
              (id, e) ->
                  late.put(
                      id,
                      e.isNumber()
                          ? new LateEvent(e.asLong(), Long.MIN_VALUE)
                          : new LateEvent(
                              e.get("timestamp").asLong(), e.get("ingestionTime").asLong())));
    }
    return new LogStreamCheckpoint(
        v.timestamp(),
        v.ingestionTime(),
        v.trackingSince(),
        late,
        v.lateWatermark() == null ? Long.MIN_VALUE : v.lateWatermark());
  }

  private byte[] write(Object value) {
    try {
      return json.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value, e);
    }
  }

  private JsonNode read(byte[] bytes) {
    try {
      return json.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable checkpoint record", e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
