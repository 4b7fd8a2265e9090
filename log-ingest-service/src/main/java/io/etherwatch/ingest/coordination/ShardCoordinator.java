package io.etherwatch.ingest.coordination;

import io.etherwatch.ingest.client.KafkaSettings;
import io.etherwatch.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Membership of the replicas' consumer group on the coordination topic: the partitions assigned to
 * this replica are the shards it owns. Kafka moves a dead replica's partitions to the others after
 * the session timeout; the listener hears of every change on the coordinator thread.
 */
@ApplicationScoped
public class ShardCoordinator {
  private static final Logger LOG = Logger.getLogger(ShardCoordinator.class);

  /** Told which shards this replica gains and loses. */
  public interface Listener {
    void assigned(Set<Integer> shards);

    void revoked(Set<Integer> shards);
  }

  private final KafkaSettings settings;
  private final IngestConfig.Output output;
  private volatile boolean running;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private Thread thread;

  public ShardCoordinator(KafkaSettings settings, IngestConfig config) {
    this.settings = settings;
    this.output = config.kafka();
  }

  public synchronized void start(Listener listener) {
    running = true;
    thread = new Thread(() -> run(listener), "ingest-shard-coordinator");
    thread.setDaemon(true);
    thread.start();
  }

  /** Leaves the group (its shards are revoked first, so the others take over at once). */
  public synchronized void stop() {
    running = false;
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    if (thread != null) {
      try {
        thread.join(Duration.ofSeconds(60).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run(Listener listener) {
    Properties props = settings.coordinator(output.coordinationGroup(), output.sessionTimeout());
    output.instanceId().ifPresent(id -> props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
    while (running) {
      try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props)) {
        consumer = c;
        c.subscribe(List.of(output.shardTopic()), rebalanceListener(listener));
        while (running) {
          c.poll(Duration.ofMillis(500));
        }
      } catch (WakeupException e) {
        // stop() woke the poll; closing the consumer revokes the shards
      } catch (RuntimeException e) {
        LOG.warnf(e, "shard coordination failed; rejoining");
        sleep();
      } finally {
        consumer = null;
      }
    }
  }

  private static ConsumerRebalanceListener rebalanceListener(Listener listener) {
    return new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        listener.revoked(shards(partitions));
      }

      @Override
      public void onPartitionsLost(Collection<TopicPartition> partitions) {
        listener.revoked(shards(partitions));
      }

      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        listener.assigned(shards(partitions));
      }
    };
  }

  private static Set<Integer> shards(Collection<TopicPartition> partitions) {
    Set<Integer> shards = new TreeSet<>();
    partitions.forEach(p -> shards.add(p.partition()));
    return shards;
  }

  private static void sleep() {
    try {
      Thread.sleep(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
