package io.etherwatch.ingest.budget;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.ingest.client.KafkaSettings;
import io.etherwatch.ingest.config.IngestConfig;
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
  private static final Duration RETRY = Duration.ofSeconds(2);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  /** The value of a budget record: JSON {@code {"demand","at"}} in that order. */
  @JsonPropertyOrder({"demand", "at"})
  record Entry(double demand, long at) {}

  private final KafkaSettings settings;
  private final String topic;
  private final String memberId;
  private final ApiBudget budget;
  private final DoubleSupplier demand;
  private final ObjectMapper json;
  private final Map<String, Entry> entries = new HashMap<>();
  private volatile boolean running;
  private volatile long lastExchange;
  private volatile int liveReplicas = 1;
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

  /*
   * Runs until stop(): a Kafka failure (a broker restart, a timeout) closes the clients and opens
   * new ones after a pause, so the exchange always comes back. While it cannot exchange for longer
   * than the others wait before counting this replica dead, it takes only the floor share, as they
   * take the rest.
   */
  private void run() {
    lastExchange = System.currentTimeMillis();
    while (running) {
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings.plainProducer());
          KafkaConsumer<String, byte[]> consumer =
              new KafkaConsumer<>(settings.committedReader())) {
        if (exchange(producer, consumer)) {
          withdraw(producer);
          return;
        }
      } catch (RuntimeException e) {
        long silent = System.currentTimeMillis() - lastExchange;
        if (silent > STALE_MILLIS) {
          budget.shareByDemand(isolatedRate());
        }
        LOG.warnf(
            "budget exchange failed (%s); retrying in %d ms, %d ms since the last exchange",
            e.getMessage(), RETRY.toMillis(), silent);
        if (!pause(RETRY.toMillis())) {
          return;
        }
      }
    }
  }

  /* Exchanges every period until stop() (true), or throws on a Kafka failure. */
  private boolean exchange(
      KafkaProducer<String, byte[]> producer, KafkaConsumer<String, byte[]> consumer) {
    TopicPartition partition = new TopicPartition(topic, 0);
    consumer.assign(List.of(partition));
    consumer.seekToBeginning(List.of(partition));
    while (running) {
      long now = System.currentTimeMillis();
      double mine = demand.getAsDouble();
      producer.send(new ProducerRecord<>(topic, memberId, write(new Entry(mine, now))));
      read(consumer, partition);
      Map<String, Double> live = live(now, mine);
      liveReplicas = live.size();
      budget.shareByDemand(BudgetShare.rate(budget.deploymentRate(), memberId, live));
      lastExchange = now;
      if (!pause(PERIOD.toMillis())) {
        return true;
      }
    }
    return true;
  }

  /* The floor share of an equal split between the replicas last seen alive. */
  private double isolatedRate() {
    return budget.deploymentRate() * BudgetShare.FLOOR / Math.max(1, liveReplicas);
  }

  /* False when stop() interrupted the pause. */
  private static boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      return false;
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
    long deadline = System.currentTimeMillis() + READ_TIMEOUT.toMillis();
    while (consumer.position(partition) < end) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the budget topic was not read to its end in time");
      }
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
      return json.writeValueAsBytes(entry);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the demand", e);
    }
  }

  private Entry readEntry(byte[] value) {
    try {
      return json.readValue(value, Entry.class);
    } catch (IOException | RuntimeException e) {
      return new Entry(0, 0);
    }
  }
}
