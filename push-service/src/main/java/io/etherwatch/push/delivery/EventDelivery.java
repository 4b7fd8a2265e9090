package io.etherwatch.push.delivery;

import com.fasterxml.jackson.databind.ObjectReader;
import io.etherwatch.logevent.LogEvent;
import io.etherwatch.push.domain.Cursor;
import io.etherwatch.push.domain.Frame;
import io.etherwatch.push.domain.Frames;
import io.etherwatch.push.domain.SubscriptionShape;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Turns the records one poll returned for one partition into LOG_EVENTS frames for the
 * subscriptions reading it. Each record is parsed and rendered once; subscriptions of the same
 * shape share the rendered event arrays and differ only in id and cursor.
 */
public final class EventDelivery {
  private static final Logger LOG = Logger.getLogger(EventDelivery.class);
  private static final ObjectReader READER = Frames.readerFor(LogEvent.class);

  private final int maxEventsPerFrame;
  private final int maxFrameBytes;
  private final Cursor cursor;

  public EventDelivery(int maxEventsPerFrame, int maxFrameBytes, Cursor cursor) {
    this.maxEventsPerFrame = maxEventsPerFrame;
    this.maxFrameBytes = maxFrameBytes;
    this.cursor = cursor;
  }

  /** A parsed record; {@code json} is the client rendering, made on first use. */
  static final class Parsed {
    final long offset;
    final LogEvent event;
    private String json;

    Parsed(long offset, LogEvent event) {
      this.offset = offset;
      this.event = event;
    }

    String json() {
      if (json == null) {
        json = Frames.event(event);
      }
      return json;
    }
  }

  /** Events of one shape in one batch, in frame-sized chunks with their rendered arrays (UTF-8). */
  private record Chunk(List<Parsed> events, byte[] array) {}

  /** A cursor and the frame tail that carries it (UTF-8). */
  private record Tail(String cursor, byte[] bytes) {}

  public static List<Parsed> parse(List<ConsumerRecord<String, String>> records) {
    List<Parsed> parsed = new ArrayList<>(records.size());
    for (ConsumerRecord<String, String> record : records) {
      try {
        LogEvent event = record.value() == null ? null : READER.readValue(record.value());
        if (event != null && event.logGroupName() != null) {
          parsed.add(new Parsed(record.offset(), event));
          continue;
        }
      } catch (java.io.IOException | RuntimeException e) {
        // reported below, like a record without a group
      }
      LOG.warnf(
          "record %s-%d@%d is not a log event; skipped",
          record.topic(), record.partition(), record.offset());
    }
    return parsed;
  }

  /**
   * Delivers {@code batch} (records of {@code tp} in offset order) to {@code subs}; {@code
   * nextPosition} is the reader's position in {@code tp} after the batch.
   */
  public void deliver(
      TopicPartition tp, List<Parsed> batch, long nextPosition, Collection<Subscription> subs) {
    Map<SubscriptionShape, List<Chunk>> shared = new HashMap<>();
    // Live subscriptions of a partition mostly stand at the same positions: encode each once.
    Map<Map<TopicPartition, Long>, Tail> cursors = new HashMap<>();
    long batchStart = batch.isEmpty() ? nextPosition : batch.get(0).offset;
    // Frames are built and written on each connection's lane: one hand-over per lane, not per
    // frame.
    Map<Executor, List<Runnable>> lanes = new IdentityHashMap<>();
    for (Subscription sub : subs) {
      if (sub.stopped()) {
        continue;
      }
      long from = sub.positions().getOrDefault(tp, 0L);
      if (from >= nextPosition) {
        continue;
      }
      List<Chunk> chunks =
          from <= batchStart
              ? shared.computeIfAbsent(sub.shape(), shape -> chunks(batch, shape, Long.MIN_VALUE))
              : chunks(batch, sub.shape(), from);
      for (int i = 0; i < chunks.size(); i++) {
        Chunk chunk = chunks.get(i);
        long after =
            i == chunks.size() - 1
                ? nextPosition
                : chunk.events().get(chunk.events().size() - 1).offset + 1;
        sub.positions().put(tp, after);
        Tail tail = cursors.get(sub.positions());
        if (tail == null) {
          String text = cursor.encode(sub.positions());
          tail = new Tail(text, Frames.logEventsTail(text));
          cursors.put(Map.copyOf(sub.positions()), tail);
        }
        Frame frame = Frame.logEvents(sub.eventsHead(), chunk.array(), tail.bytes(), tail.cursor());
        int events = chunk.events().size();
        Outbox outbox = sub.outbox();
        lanes
            .computeIfAbsent(outbox.lane(), lane -> new ArrayList<>())
            .add(() -> outbox.offerEventsOnLane(sub, frame, events));
      }
      sub.positions().put(tp, nextPosition);
    }
    lanes.forEach((lane, work) -> lane.execute(() -> work.forEach(Runnable::run)));
  }

  private List<Chunk> chunks(List<Parsed> batch, SubscriptionShape shape, long from) {
    List<Chunk> chunks = new ArrayList<>();
    List<Parsed> current = new ArrayList<>();
    int bytes = 0;
    for (Parsed p : batch) {
      if (p.offset >= from && shape.wants(p.event)) {
        int size = p.json().length() + 1;
        if (!current.isEmpty()
            && (current.size() == maxEventsPerFrame || bytes + size > maxFrameBytes)) {
          chunks.add(chunk(current));
          current = new ArrayList<>();
          bytes = 0;
        }
        current.add(p);
        bytes += size;
      }
    }
    if (!current.isEmpty()) {
      chunks.add(chunk(current));
    }
    return chunks;
  }

  private static Chunk chunk(List<Parsed> events) {
    int size = 2;
    for (Parsed p : events) {
      size += p.json().length() + 1;
    }
    StringBuilder array = new StringBuilder(size).append('[');
    for (int i = 0; i < events.size(); i++) {
      if (i > 0) {
        array.append(',');
      }
      array.append(events.get(i).json());
    }
    return new Chunk(events, array.append(']').toString().getBytes(StandardCharsets.UTF_8));
  }
}
