package io.etherwatch.push.delivery;

import io.etherwatch.logevent.WatchedGroup;
import io.etherwatch.push.client.WatchedTopic;
import io.etherwatch.push.config.PushConfig;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Announces the log groups this replica has live subscriptions for on the watched-groups topic
 * (DESIGN section 5, "Watched groups first"; {@link WatchedGroup}), so that log-ingest-service
 * reads them first. A subscription counts from the moment the subscription table holds it until it
 * leaves the table, whatever its kind (WebSocket or SSE) and whether it is still replaying.
 *
 * <ul>
 *   <li>a group's first subscriber: its record is written at once and flushed (ingest reads a newly
 *       watched group immediately, so this write is on the latency path);
 *   <li>every {@code watched.heartbeat}: every watched group's record is rewritten with the current
 *       count, {@code heartbeatAt} = now and {@code expiresAt} = now + {@code watched.ttl} (epoch
 *       ms), and writes that failed are retried;
 *   <li>the last subscriber leaving: a tombstone at once;
 *   <li>{@link #close} (Quarkus shutdown): tombstones for every group, flushed, then the producer
 *       closes.
 * </ul>
 *
 * <p>{@link #added} and {@link #removed} only count (exactly, from any thread) and hand the change
 * to one writer thread, which does all Kafka I/O in order; a broker that is down never delays or
 * fails a subscription, and its outage is logged once.
 */
@Startup
@ApplicationScoped
public class WatchedAnnouncer {
  private static final Logger LOG = Logger.getLogger(WatchedAnnouncer.class);

  private final WatchedTopic topic;
  private final String replica;
  private final long ttlMillis;
  private final Map<String, Integer> counts = new ConcurrentHashMap<>();
  private final Set<String> changed = ConcurrentHashMap.newKeySet();
  private final Set<String> failedTombstones = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean outage = new AtomicBoolean();
  private final ScheduledExecutorService writer;
  // Writer thread only: groups whose record was sent and no tombstone since; the topic exists.
  private final Set<String> announced = new HashSet<>();
  private boolean topicReady;
  private volatile boolean closed;

  @Inject
  public WatchedAnnouncer(
      @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "127.0.0.1:9092")
          String bootstrapServers,
      PushConfig config) {
    this(
        new WatchedTopic(bootstrapServers, config.watchedTopic()),
        config.replicaId().filter(id -> !id.isBlank()).orElseGet(WatchedAnnouncer::defaultReplica),
        config.watched().heartbeat(),
        config.watched().ttl());
  }

  /**
   * An announcer writing to {@code topic} as {@code replica}.
   *
   * @throws IllegalArgumentException when {@code ttl} is not longer than {@code heartbeat} (an
   *     entry would expire between two heartbeats of a live replica)
   */
  public WatchedAnnouncer(WatchedTopic topic, String replica, Duration heartbeat, Duration ttl) {
    if (heartbeat.isNegative() || heartbeat.isZero() || ttl.compareTo(heartbeat) <= 0) {
      throw new IllegalArgumentException(
          "etherwatch.push.watched.ttl ("
              + ttl
              + ") must be longer than etherwatch.push.watched.heartbeat ("
              + heartbeat
              + "), which must be positive");
    }
    this.topic = topic;
    this.replica = replica;
    this.ttlMillis = ttl.toMillis();
    this.writer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "push-watched");
              t.setDaemon(true);
              return t;
            });
    // The first run creates the topic at start.
    writer.scheduleWithFixedDelay(this::heartbeat, 0, heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    LOG.infof("announcing watched groups on %s as replica %s", topic.topic(), replica);
  }

  /** This replica's id on the topic. */
  public String replica() {
    return replica;
  }

  /** Groups with at least one live subscription on this replica. */
  public int watchedGroups() {
    return counts.size();
  }

  /** Live subscriptions to {@code group} on this replica. */
  public int subscribers(String group) {
    return counts.getOrDefault(group, 0);
  }

  /** A subscription to {@code group} began; never waits for Kafka. */
  public void added(String group) {
    if (counts.merge(group, 1, Integer::sum) == 1) {
      changed(group);
    }
  }

  /** A subscription to {@code group} ended; never waits for Kafka. */
  public void removed(String group) {
    if (counts.computeIfPresent(group, (g, n) -> n > 1 ? n - 1 : null) == null) {
      changed(group);
    }
  }

  private void changed(String group) {
    changed.add(group);
    if (!closed) {
      try {
        writer.execute(this::drain);
      } catch (RejectedExecutionException e) {
        // Shutting down: close() tombstones every group.
      }
    }
  }

  /** Writes the groups whose first subscriber came or last one left since the last run. */
  private void drain() {
    List<String> groups = take(changed);
    if (!groups.isEmpty() && !closed && ready()) {
      sync(groups, false);
    }
  }

  private void heartbeat() {
    try {
      if (closed || !ready()) {
        return;
      }
      Set<String> groups = new LinkedHashSet<>(counts.keySet());
      groups.addAll(announced);
      groups.addAll(failedTombstones);
      sync(groups, true);
    } catch (RuntimeException e) {
      // A periodic task that throws is never run again.
      LOG.errorf(e, "watched groups heartbeat failed");
    }
  }

  /**
   * Brings the entries of {@code groups} in line with the counts: a record for a group that is
   * watched and not announced yet (every watched one when {@code refresh}), a tombstone for one
   * that was announced, or whose tombstone failed, and has no subscriber now.
   */
  private void sync(Collection<String> groups, boolean refresh) {
    long now = System.currentTimeMillis();
    boolean sent = false;
    try {
      for (String group : groups) {
        int subscribers = counts.getOrDefault(group, 0);
        if (subscribers > 0) {
          failedTombstones.remove(group);
          if (announced.add(group) || refresh) {
            WatchedGroup value =
                new WatchedGroup(replica, group, subscribers, now, now + ttlMillis);
            topic.send(value.key(), value, this::delivered);
            sent = true;
          }
        } else if (announced.remove(group) | failedTombstones.remove(group)) {
          tombstone(group);
          sent = true;
        }
      }
      if (sent) {
        topic.flush();
      }
    } catch (RuntimeException e) {
      // No metadata within max.block.ms: the broker is down. The next heartbeat writes again.
      failed(e);
    }
  }

  private void tombstone(String group) {
    try {
      topic.send(
          new WatchedGroup.Key(replica, group),
          null,
          failure -> {
            if (failure != null) {
              failedTombstones.add(group);
            }
            delivered(failure);
          });
    } catch (RuntimeException e) {
      failedTombstones.add(group);
      throw e;
    }
  }

  private boolean ready() {
    if (!topicReady) {
      try {
        topic.ensure();
        topicReady = true;
      } catch (RuntimeException e) {
        failed(e);
      }
    }
    return topicReady;
  }

  private void delivered(Exception failure) {
    if (failure != null) {
      failed(failure);
    } else if (outage.compareAndSet(true, false)) {
      LOG.infof("watched groups are announced on %s again", topic.topic());
    }
  }

  private void failed(Exception e) {
    if (outage.compareAndSet(false, true)) {
      LOG.warnf(
          "watched groups not announced on %s: %s; retried every heartbeat until Kafka takes them",
          topic.topic(), e.getCause() == null ? e : e + " (" + e.getCause() + ")");
    }
  }

  /**
   * Tombstones every group this replica announced, flushed, then closes the producer; waits at most
   * a few delivery timeouts when the broker is down. Later subscriptions are counted, not written;
   * a second call does nothing.
   */
  @PreDestroy
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writer.submit(this::tombstoneAll).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
      LOG.warnf("shutdown: tombstones of the watched groups not confirmed: %s", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.shutdownNow();
    topic.close(Duration.ofSeconds(2));
  }

  private void tombstoneAll() {
    if (!topicReady) {
      return;
    }
    Set<String> groups = new LinkedHashSet<>(announced);
    groups.addAll(failedTombstones);
    groups.addAll(counts.keySet());
    announced.clear();
    failedTombstones.clear();
    try {
      for (String group : groups) {
        tombstone(group);
      }
      topic.flush();
      LOG.infof("shutdown: tombstones for %d watched groups written", groups.size());
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  private static List<String> take(Set<String> set) {
    List<String> taken = new ArrayList<>();
    for (String group : set) {
      if (set.remove(group)) {
        taken.add(group);
      }
    }
    return taken;
  }

  /** The host name and 8 random hex digits: unique per process even when host names repeat. */
  static String defaultReplica() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = System.getenv().getOrDefault("HOSTNAME", "push");
    }
    return host + "-" + String.format("%08x", ThreadLocalRandom.current().nextInt());
  }
}
