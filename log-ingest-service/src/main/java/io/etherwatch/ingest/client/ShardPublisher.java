package io.etherwatch.ingest.client;

import io.etherwatch.ingest.domain.CheckpointUpdate;
import io.etherwatch.ingest.domain.FetchedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * The transactional producer of one shard (transactional id {@code <prefix>-<shard>}): events and
 * the checkpoints that cover them commit together or not at all, and a newer owner of the shard
 * fences this one. What Kafka would refuse for one group is found before sending where it can be
 * (record size, timestamp range, the topic itself), and anything else it refuses is aborted and
 * reported as that group's failure ({@link GroupRefusedException}), so the producer goes on.
 */
public final class ShardPublisher implements AutoCloseable {
  /* The broker's clock may differ a little from ours. */
  private static final long CLOCK_MARGIN_MS = 60_000;

  /** What {@link #publish} did with events that did not fit: cut or left out (never silently). */
  public record Outcome(List<FetchedEvent> truncated, List<FetchedEvent> skipped) {}

  private final String transactionalId;
  private final KafkaProducer<String, byte[]> producer;
  private final RecordCodec codec;
  private final TopicAdmin topics;

  ShardPublisher(
      String transactionalId,
      KafkaProducer<String, byte[]> producer,
      RecordCodec codec,
      TopicAdmin topics) {
    this.transactionalId = transactionalId;
    this.producer = producer;
    this.codec = codec;
    this.topics = topics;
  }

  /** Fences any earlier owner and aborts its unfinished transaction. */
  public void init() {
    try {
      producer.initTransactions();
    } catch (ProducerFencedException | InvalidProducerEpochException e) {
      throw new ShardFencedException(transactionalId + " was fenced at start", e);
    }
  }

  /**
   * Publishes {@code events} of {@code group} and {@code checkpoints} in one transaction.
   *
   * @throws GroupRefusedException Kafka refuses something of this group; nothing was applied
   * @throws ShardFencedException the producer's epoch is no longer current
   * @throws PublishFailedException the transaction failed and could not be aborted (restart)
   */
  public Outcome publish(
      String group, List<FetchedEvent> events, List<CheckpointUpdate> checkpoints) {
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>(events.size());
    List<FetchedEvent> truncated = new ArrayList<>();
    List<FetchedEvent> skipped = new ArrayList<>();
    Map<String, EventsTopic> byTopic = new HashMap<>();
    long now = System.currentTimeMillis();
    for (FetchedEvent e : events) {
      EventsTopic topic = byTopic.computeIfAbsent(codec.topic(group, e.stream()), this::topic);
      if (!topic.acceptsTimestamp(e.timestamp(), now, CLOCK_MARGIN_MS)) {
        throw new GroupRefusedException(
            "timestamp-out-of-range",
            String.format(
                "event %s of %s/%s stamped %d is outside what topic %s accepts now"
                    + " (message.timestamp.after.max.ms=%d, before.max.ms=%d)",
                e.eventId(),
                group,
                e.stream(),
                e.timestamp(),
                topic.name(),
                topic.timestampAfterMaxMs(),
                topic.timestampBeforeMaxMs()),
            null);
      }
      RecordCodec.EncodedEvent encoded = codec.event(group, e, topic.maxRecordBytes());
      if (encoded == null) {
        skipped.add(e);
        continue;
      }
      if (encoded.truncated()) {
        truncated.add(e);
      }
      records.add(encoded.record());
    }
    checkpoints.forEach(c -> records.addAll(codec.checkpoint(c)));
    try {
      producer.beginTransaction();
      records.forEach(producer::send);
      producer.commitTransaction();
    } catch (KafkaException e) {
      if (fenced(e)) {
        throw new ShardFencedException(transactionalId + " was fenced", e);
      }
      if (!abortQuietly(e)) {
        throw new PublishFailedException("transaction of " + transactionalId + " failed", e);
      }
      throw new GroupRefusedException(
          "kafka-refused", "Kafka refused the transaction of " + group + ": " + rootMessage(e), e);
    }
    return new Outcome(truncated, skipped);
  }

  private EventsTopic topic(String name) {
    try {
      return topics.ensureEventsTopic(name);
    } catch (TopicUnusableException e) {
      throw new GroupRefusedException("topic-unusable", name + ": " + e.getMessage(), e);
    } catch (IllegalStateException e) {
      throw new PublishFailedException("cannot prepare topic " + name, e);
    }
  }

  /* The fencing error may come as such or as the cause of a failed send or commit. */
  private static boolean fenced(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  /* True when the transaction was aborted and the producer can begin the next one. */
  private boolean abortQuietly(KafkaException cause) {
    try {
      producer.abortTransaction();
      return true;
    } catch (KafkaException e) {
      cause.addSuppressed(e);
      return false;
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
