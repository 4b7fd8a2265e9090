package io.etherwatch.push.client;

import io.etherwatch.push.config.PushConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes the Kafka consumers push-service reads with: partitions assigned by hand (no consumer
 * group, nothing committed: a subscriber's position lives in its cursor), read_committed so that
 * only events of committed ingest transactions are seen, and no automatic reset, so that a position
 * retention has passed is noticed and reported as a GAP.
 */
@ApplicationScoped
public class KafkaReaders {
  private final String bootstrapServers;
  private final Duration fetchMaxWait;
  private final AtomicInteger sequence = new AtomicInteger();

  public KafkaReaders(
      @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "127.0.0.1:9092")
          String bootstrapServers,
      PushConfig config) {
    this.bootstrapServers = bootstrapServers;
    this.fetchMaxWait = config.fetchMaxWait();
  }

  public KafkaConsumer<String, String> consumer(String role) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "push-" + role + "-" + sequence.incrementAndGet());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
    // A read_committed fetch sees a transaction only after its commit marker: answer fetches
    // quickly so that the marker is picked up within milliseconds, not the default 500 ms.
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Long.toString(fetchMaxWait.toMillis()));
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return new KafkaConsumer<>(props);
  }
}
