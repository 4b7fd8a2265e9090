package io.etherwatch.ingest.client;

import io.etherwatch.ingest.domain.FetchedEvent;
import io.etherwatch.ingest.domain.LogStreamCheckpoint;
import io.etherwatch.ingest.domain.LogStreamPartition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * The transactional producer of one shard (transactional id {@code <prefix>-<shard>}): events and
 * the checkpoints that cover them commit together or not at all, and a newer owner of the shard
 * fences this one.
 */
public final class ShardPublisher implements AutoCloseable {
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

  /** Publishes {@code events} of {@code group} and {@code checkpoints} in one transaction. */
  public void publish(
      String group,
      List<FetchedEvent> events,
      Map<LogStreamPartition, LogStreamCheckpoint> checkpoints) {
    events.stream()
        .map(FetchedEvent::stream)
        .distinct()
        .forEach(stream -> topics.ensureEventsTopic(codec.topic(group, stream)));
    try {
      producer.beginTransaction();
      for (FetchedEvent e : events) {
        producer.send(codec.event(group, e));
      }
      checkpoints.forEach((p, c) -> producer.send(codec.checkpoint(p, c)));
      producer.commitTransaction();
    } catch (KafkaException e) {
      if (fenced(e)) {
        throw new ShardFencedException(transactionalId + " was fenced by a newer owner", e);
      }
      abortQuietly(e);
      throw new PublishFailedException("transaction of " + transactionalId + " failed", e);
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

  private void abortQuietly(KafkaException cause) {
    try {
      producer.abortTransaction();
    } catch (KafkaException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
