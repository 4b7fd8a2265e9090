package io.etherwatch.ingest.budget;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.ingest.client.CompactedTopicReader;
import io.etherwatch.ingest.client.KafkaSettings;
import io.etherwatch.ingest.config.IngestConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * One budget for all replicas: every {@link #PERIOD}, each replica writes its demand (calls per
 * second its pollers would make unconstrained) to the compacted budget topic, keyed by its member
 * id, and sets its own rate with {@link BudgetShare} from everyone's entries, which a {@link
 * CompactedTopicReader} keeps reading. Entries older than three periods are dead replicas and
 * ignored; a clean shutdown writes a tombstone.
 */
public final class BudgetExchange {
  private static final Logger LOG = Logger.getLogger(BudgetExchange.class);
  static final Duration PERIOD = Duration.ofSeconds(2);
  private static final long STALE_MILLIS = 3 * PERIOD.toMillis();
  private static final Duration RETRY = Duration.ofSeconds(2);

  /** The value of a budget record: JSON {@code {"demand","at"}} in that order. */
  @JsonPropertyOrder({"demand", "at"})
  record Entry(double demand, long at) {}

  private final KafkaSettings settings;
  private final String topic;
  private final String memberId;
  private final ApiBudget budget;
  private final DoubleSupplier demand;
  private final ObjectMapper json;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final CompactedTopicReader reader;
  private volatile boolean running;
  private volatile long lastExchange;
  private volatile int liveReplicas = 1;
  private boolean isolated;
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
    this.reader = new CompactedTopicReader(settings, topic, "ingest-budget-reader", this::apply);
  }

  public synchronized void start() {
    running = true;
    reader.start();
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
    reader.stop();
  }

  /*
   * Runs until stop(): a producer failure closes it and opens a new one after a pause, and the
   * reader reconnects by itself, so the exchange always comes back.
   */
  private void run() {
    lastExchange = System.currentTimeMillis();
    while (running) {
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings.plainProducer())) {
        if (exchange(producer)) {
          withdraw(producer);
          return;
        }
      } catch (RuntimeException e) {
        LOG.warnf(
            "budget exchange failed (%s); retrying in %d ms, %d ms since the last exchange",
            e.getMessage(), RETRY.toMillis(), System.currentTimeMillis() - lastExchange);
        isolateIfSilent(System.currentTimeMillis());
        if (!pause(RETRY.toMillis())) {
          return;
        }
      }
    }
  }

  /*
   * Writes this replica's demand every period and shares by everyone's while the reader keeps up;
   * true when stop() ends it. While the topic has not been read for longer than the others wait
   * before counting this replica dead, it takes only the floor share, as they take the rest.
   */
  private boolean exchange(KafkaProducer<String, byte[]> producer) {
    while (running) {
      long now = System.currentTimeMillis();
      double mine = demand.getAsDouble();
      producer.send(new ProducerRecord<>(topic, memberId, write(new Entry(mine, now))));
      if (reader.loaded() && now - reader.lastRead() <= STALE_MILLIS) {
        Map<String, Double> live = live(now, mine);
        liveReplicas = live.size();
        budget.shareByDemand(BudgetShare.rate(budget.deploymentRate(), memberId, live));
        lastExchange = now;
        isolated = false;
      } else {
        isolateIfSilent(now);
      }
      if (!pause(PERIOD.toMillis())) {
        return true;
      }
    }
    return true;
  }

  private void isolateIfSilent(long now) {
    if (now - lastExchange > STALE_MILLIS) {
      if (!isolated) {
        LOG.warnf(
            "budget topic not read for %d ms: taking the floor share until it is",
            now - lastExchange);
      }
      isolated = true;
      budget.shareByDemand(isolatedRate());
    }
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

  private void apply(ConsumerRecord<String, byte[]> r) {
    if (r.key() == null) {
      return;
    }
    if (r.value() == null) {
      entries.remove(r.key());
    } else {
      entries.put(r.key(), readEntry(r.value()));
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
