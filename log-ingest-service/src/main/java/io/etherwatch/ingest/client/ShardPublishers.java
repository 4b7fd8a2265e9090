package io.etherwatch.ingest.client;

import io.etherwatch.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.KafkaProducer;

/** Opens the transactional producer of a shard. */
@ApplicationScoped
public class ShardPublishers {
  private final KafkaSettings settings;
  private final RecordCodec codec;
  private final TopicAdmin topics;
  private final String prefix;

  public ShardPublishers(
      KafkaSettings settings, RecordCodec codec, TopicAdmin topics, IngestConfig config) {
    this.settings = settings;
    this.codec = codec;
    this.topics = topics;
    this.prefix = config.kafka().transactionalIdPrefix();
  }

  public ShardPublisher open(int shard) {
    String id = prefix + "-" + shard;
    return new ShardPublisher(
        id, new KafkaProducer<>(settings.transactionalProducer(id)), codec, topics);
  }
}
