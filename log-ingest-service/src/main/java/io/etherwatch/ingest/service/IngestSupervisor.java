package io.etherwatch.ingest.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.ingest.budget.ApiBudget;
import io.etherwatch.ingest.budget.BudgetExchange;
import io.etherwatch.ingest.client.CommittedReader;
import io.etherwatch.ingest.client.KafkaSettings;
import io.etherwatch.ingest.client.ShardPublishers;
import io.etherwatch.ingest.client.TopicAdmin;
import io.etherwatch.ingest.config.IngestConfig;
import io.etherwatch.ingest.coordination.GroupDirectory;
import io.etherwatch.ingest.coordination.ShardCoordinator;
import io.etherwatch.ingest.coordination.ShardMap;
import io.etherwatch.ingest.coordination.WatchedGroups;
import io.etherwatch.ingest.metrics.IngestMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Starts the service's moving parts once Kafka answers: topics, group discovery, and shard
 * ownership; runs a {@link ShardWorker} per owned shard and stops it when the shard is revoked.
 */
@ApplicationScoped
public class IngestSupervisor implements ShardCoordinator.Listener {
  private static final Logger LOG = Logger.getLogger(IngestSupervisor.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);

  private final TopicAdmin topics;
  private final GroupDiscovery discovery;
  private final ShardCoordinator coordinator;
  private final ShardPublishers publishers;
  private final CommittedReader reader;
  private final GroupPollerContext ctx;
  private final ApiBudget budget;
  private final IngestMetrics metrics;
  private final GroupDirectory directory;
  private final WatchedGroups watched;
  private final BudgetExchange exchange;
  private final IngestConfig config;
  private final Map<Integer, ShardWorker> workers = new ConcurrentHashMap<>();
  private volatile ShardMap shardMap;
  private volatile boolean stopped;
  private Thread starter;

  public IngestSupervisor(
      TopicAdmin topics,
      GroupDiscovery discovery,
      ShardCoordinator coordinator,
      ShardPublishers publishers,
      CommittedReader reader,
      GroupPollerContext ctx,
      ApiBudget budget,
      IngestMetrics metrics,
      GroupDirectory directory,
      WatchedGroups watched,
      KafkaSettings settings,
      IngestConfig config,
      ObjectMapper json) {
    this.topics = topics;
    this.discovery = discovery;
    this.coordinator = coordinator;
    this.publishers = publishers;
    this.reader = reader;
    this.ctx = ctx;
    this.budget = budget;
    this.metrics = metrics;
    this.directory = directory;
    this.watched = watched;
    this.exchange = new BudgetExchange(settings, config, budget, ctx::demand, json);
    this.config = config;
    directory.onAdded(() -> workers.values().forEach(ShardWorker::wake));
    // A group that becomes watched is read at once, and discovered at once if it is new.
    watched.onWatched(
        group -> {
          discovery.watched(group);
          workers.values().forEach(w -> w.watched(group));
        });
  }

  void onStart(@Observes StartupEvent event) {
    starter = new Thread(this::startWhenKafkaAnswers, "ingest-starter");
    starter.setDaemon(true);
    starter.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    stopped = true;
    if (starter != null) {
      starter.interrupt();
    }
    coordinator.stop();
    discovery.stop();
    directory.stop();
    watched.stop();
    workers.values().forEach(w -> w.stop(STOP_GRACE));
    exchange.stop();
  }

  private void startWhenKafkaAnswers() {
    while (!stopped) {
      try {
        topics.ensureCheckpointTopic();
        topics.ensureBudgetTopic();
        topics.ensureGroupsTopic();
        topics.ensureWatchedTopic();
        shardMap = new ShardMap(topics.ensureShardTopic());
        directory.start();
        watched.start();
        discovery.start();
        coordinator.start(this);
        exchange.start();
        LOG.infof("ingest started with %d shards", shardMap.shards());
        LOG.infof(
            "late events: published up to %s behind the newest event, counted up to %s behind it"
                + " (late-horizon %s, a late sweep every %s costing about events-in-horizon /"
                + " 10,000 FilterLogEvents calls per group, on spare budget); later events are"
                + " neither published nor counted",
            config.lookback(),
            ctx.lateCoverage(),
            config.lateHorizon(),
            config.lateSweepInterval());
        return;
      } catch (RuntimeException e) {
        LOG.warnf("cannot prepare the Kafka topics yet (%s); retrying", e.getMessage());
        try {
          Thread.sleep(2000);
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
  }

  @Override
  public void assigned(Set<Integer> shards) {
    metrics.rebalanced();
    for (int shard : shards) {
      ShardWorker worker =
          new ShardWorker(shard, shardMap, discovery::selected, publishers, reader, ctx);
      workers.put(shard, worker);
      worker.start();
    }
    budget.share(workers.size(), shardMap.shards());
    if (shards.contains(0)) {
      discovery.lead(true);
    }
    LOG.infof("owning shards %s", workers.keySet());
  }

  @Override
  public void revoked(Set<Integer> shards) {
    if (shards.contains(0)) {
      discovery.lead(false);
    }
    for (int shard : shards) {
      ShardWorker worker = workers.remove(shard);
      if (worker != null) {
        worker.stop(STOP_GRACE);
      }
    }
  }

  /** The shards this replica owns and the groups each publishes. */
  public Map<Integer, Set<String>> ownership() {
    Map<Integer, Set<String>> owned = new TreeMap<>();
    workers.forEach((shard, worker) -> owned.put(shard, worker.groups()));
    return owned;
  }

  /** The groups of this replica whose last poll failed, and why. */
  public Map<String, GroupFailure> failing() {
    Map<String, GroupFailure> failing = new TreeMap<>();
    workers.values().forEach(w -> failing.putAll(w.failing()));
    return failing;
  }

  public int shardCount() {
    ShardMap map = shardMap;
    return map == null ? 0 : map.shards();
  }
}
