package io.etherwatch.push.delivery;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * What happens when a position is outside what Kafka still keeps: the reader moves to the log start
 * and every subscription that stood before it (retention deleted records) or past the log's end
 * (the topic was re-created) gets a GAP with reason {@code retention} and continues from the start,
 * rather than waiting silently for offsets that will never come. How many events were lost is not
 * known (offsets also count transaction markers), so {@code missed} is left out.
 */
final class Retention {
  private Retention() {}

  /** Moves positions outside the retained range of {@code partitions} to its start, with a GAP. */
  static void skipToStart(
      Consumer<?, ?> consumer,
      Collection<TopicPartition> partitions,
      Function<TopicPartition, List<Subscription>> subsOf) {
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> ends =
        TopicFanout.uninterrupted(() -> consumer.endOffsets(partitions));
    for (TopicPartition tp : partitions) {
      long start = TopicFanout.uninterrupted(() -> consumer.position(tp));
      long end = ends.getOrDefault(tp, Long.MAX_VALUE);
      for (Subscription sub : subsOf.apply(tp)) {
        long position = sub.positions().getOrDefault(tp, 0L);
        if (position < start || position > end) {
          sub.positions().put(tp, start);
          sub.outbox().offerGap(sub, "retention", null);
        }
      }
    }
  }

  /** Moves {@code positions} before their log start to it; true if any moved. */
  static boolean clamp(Map<TopicPartition, Long> positions, Map<TopicPartition, Long> starts) {
    boolean moved = false;
    for (Map.Entry<TopicPartition, Long> start : starts.entrySet()) {
      Long position = positions.get(start.getKey());
      if (position == null || position < start.getValue()) {
        if (position != null && position < start.getValue()) {
          moved = true;
        }
        positions.put(start.getKey(), Math.max(position == null ? 0 : position, start.getValue()));
      }
    }
    return moved;
  }
}
