package io.etherwatch.ingest.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.ingest.config.IngestConfig;
import io.etherwatch.ingest.service.ApiBudget;
import io.etherwatch.ingest.service.BudgetShare;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.DoubleSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * One budget for all replicas: every {@link #PERIOD}, each replica writes its demand (calls per
 * second its pollers would make unconstrained) to the compacted budget topic, keyed by its member
 * id, reads everyone's, and sets its own rate with {@link BudgetShare}. Entries older than three
 * periods are dead replicas and ignored; a clean shutdown writes a tombstone.
 */
public final class BudgetExchange {
  private static final Logger LOG = Logger.getLogger(BudgetExchange.class);
  static final Duration PERIOD = Duration.ofSeconds(2);
  private static final long STALE_MILLIS = 3 * PERIOD.toMillis();

  private record Entry(double demand, long at) {}

  private final KafkaSettings settings;
  private final String topic;
  private final String memberId;
  private final ApiBudget budget;
  private final DoubleSupplier demand;
  private final ObjectMapper json;
  private final Map<String, Entry> entries = new HashMap<>();
  private volatile boolean running;
  private Thread thread;

  public BudgetExchange(
      KafkaSettings settings,
      IngestConfig config,
      ApiBudget budget,
      DoubleSupplier demand,
      ObjectMapper json) {
    this.settings = settings;
    this.topic = config.kafka().budgetTopic();
    // A static member id lets a restarted pod replace its own entry at once.
    this.memberId = config.kafka().instanceId().orElse(UUID.randomUUID().toString());
    this.budget = budget;
    this.demand = demand;
    this.json = json;
  }

  public synchronized void start() {
    running = true;
    thread = new Thread(this::run, "ingest-budget");
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops exchanging and withdraws this replica's entry (its share goes to the others). */
  public synchronized void stop() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(Duration.ofSeconds(10).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    TopicPartition partition = new TopicPartition(topic, 0);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings.plainProducer());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings.committedReader())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      try {
        while (running) {
          long now = System.currentTimeMillis();
          double mine = demand.getAsDouble();
          producer.send(new ProducerRecord<>(topic, memberId, write(new Entry(mine, now))));
          read(consumer, partition);
          budget.shareByDemand(
              BudgetShare.rate(budget.deploymentRate(), memberId, live(now, mine)));
          Thread.sleep(PERIOD.toMillis());
        }
      } catch (InterruptedException e) {
        // stop()
      } finally {
        withdraw(producer);
      }
    } catch (RuntimeException e) {
      LOG.warnf("budget exchange stopped, keeping the last share: %s", e.getMessage());
    }
  }

  /* The tombstone: stop() interrupted this thread, which the Kafka client would refuse to send on. */
  private void withdraw(KafkaProducer<String, byte[]> producer) {
    Thread.interrupted();
    try {
      producer.send(new ProducerRecord<>(topic, memberId, null));
      producer.flush();
    } catch (RuntimeException e) {
      LOG.debugf("could not withdraw the budget entry: %s", e.getMessage());
    }
  }

  /**
   * The demands of the replicas heard from within three periods, this one's current one included.
   */
  private Map<String, Double> live(long now, double mine) {
    Map<String, Double> live = new HashMap<>();
    entries.forEach(
        (member, e) -> {
          if (now - e.at() <= STALE_MILLIS) {
            live.put(member, e.demand());
          }
        });
    live.put(memberId, mine);
    return live;
  }

  private void read(KafkaConsumer<String, byte[]> consumer, TopicPartition partition) {
    long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(5)).get(partition);
    while (consumer.position(partition) < end) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        if (r.value() == null) {
          entries.remove(r.key());
        } else {
          entries.put(r.key(), readEntry(r.value()));
        }
      }
    }
  }

  private byte[] write(Entry entry) {
    try {
      return json.writeValueAsBytes(Map.of("demand", entry.demand(), "at", entry.at()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the demand", e);
    }
  }

  private Entry readEntry(byte[] value) {
    try {
      Map<?, ?> map = json.readValue(value, Map.class);
      return new Entry(
          ((Number) map.get("demand")).doubleValue(), ((Number) map.get("at")).longValue());
    } catch (IOException | RuntimeException e) {
      return new Entry(0, 0);
    }
  }
}
