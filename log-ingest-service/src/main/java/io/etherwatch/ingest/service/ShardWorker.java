package io.etherwatch.ingest.service;

import io.etherwatch.ingest.client.AwsCallFailedException;
import io.etherwatch.ingest.client.CommittedCheckpoints;
import io.etherwatch.ingest.client.CommittedReader;
import io.etherwatch.ingest.client.GroupRefusedException;
import io.etherwatch.ingest.client.ShardFencedException;
import io.etherwatch.ingest.client.ShardPublisher;
import io.etherwatch.ingest.client.ShardPublishers;
import io.etherwatch.ingest.coordination.ShardMap;
import io.etherwatch.ingest.domain.LogStreamCheckpoint;
import io.etherwatch.ingest.domain.LogStreamPartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Publishes the groups of one shard while this replica owns it: fences the previous owner, loads
 * the committed checkpoints, then polls whichever of its groups is due. A failure of one group (AWS
 * denies its reads, Kafka refuses its records) makes that group wait, with backoff; a Kafka failure
 * of the producer restarts the session from what Kafka committed, and so does being fenced while
 * the shard is still this replica's (a real takeover revokes it first). A group that becomes
 * watched is due at once and wakes the worker from its idle wait; so does a group added to the
 * directory.
 */
final class ShardWorker {
  private static final Logger LOG = Logger.getLogger(ShardWorker.class);
  private static final long IDLE_WAIT_MILLIS = 200;

  private final int shard;
  private final ShardMap shardMap;
  private final Supplier<Set<String>> selectedGroups;
  private final ShardPublishers publishers;
  private final CommittedReader reader;
  private final GroupPollerContext ctx;
  private final Set<String> owned = ConcurrentHashMap.newKeySet();
  private final Map<String, GroupFailure> failing = new ConcurrentHashMap<>();
  private final Duration fenceWait;
  private volatile boolean stopping;
  private final ConcurrentLinkedQueue<String> becameWatched = new ConcurrentLinkedQueue<>();
  private final Semaphore wake = new Semaphore(0);
  private long picks;
  private final Thread thread;

  ShardWorker(
      int shard,
      ShardMap shardMap,
      Supplier<Set<String>> selectedGroups,
      ShardPublishers publishers,
      CommittedReader reader,
      GroupPollerContext ctx) {
    this.shard = shard;
    this.shardMap = shardMap;
    this.selectedGroups = selectedGroups;
    this.publishers = publishers;
    this.reader = reader;
    this.ctx = ctx;
    this.fenceWait = ctx.config().kafka().sessionTimeout();
    this.thread = new Thread(this::run, "ingest-shard-" + shard);
    thread.setDaemon(true);
  }

  int shard() {
    return shard;
  }

  /** The groups this worker publishes right now. */
  Set<String> groups() {
    return Set.copyOf(owned);
  }

  /** The groups of this shard whose last poll failed, and why. */
  Map<String, GroupFailure> failing() {
    return Map.copyOf(failing);
  }

  void start() {
    thread.start();
  }

  /** {@code group} just became watched: if this worker reads it, it is read now. */
  void watched(String group) {
    if (owned.contains(group)) {
      becameWatched.add(group);
      wake.release();
    }
  }

  /** Ends the idle wait (a group was added to the directory). */
  void wake() {
    wake.release();
  }

  /** Asks the worker to finish its current page and waits for it to end. */
  void stop(Duration grace) {
    stopping = true;
    try {
      thread.join(grace.toMillis());
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(grace.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    while (!stopping) {
      try (ShardPublisher publisher = publishers.open(shard)) {
        session(publisher);
      } catch (ShardFencedException e) {
        // A real takeover revokes the shard within a session timeout (stop() ends the wait); a
        // transaction that outlived its timeout also bumps the epoch, but the shard is still ours.
        LOG.warnf(
            "shard %d: %s; resuming after %s unless the shard was given to another replica",
            shard, e.getMessage(), fenceWait);
        owned.clear();
        failing.clear();
        sleepUnlessStopping(fenceWait.toMillis());
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        LOG.warnf(e, "shard %d: Kafka failed; restarting from the committed checkpoints", shard);
        owned.clear();
        failing.clear();
        sleepUnlessStopping(2000);
      }
    }
    ctx.releaseBudget();
    owned.clear();
    failing.clear();
  }

  private void session(ShardPublisher publisher) throws InterruptedException {
    publisher.init();
    Map<String, Map<String, LogStreamCheckpoint>> committed = new HashMap<>();
    Map<String, Set<String>> embedded = new HashMap<>();
    CommittedCheckpoints read = reader.checkpoints();
    for (Map.Entry<LogStreamPartition, LogStreamCheckpoint> e : read.all().entrySet()) {
      if (shardMap.shardOf(e.getKey().group()) == shard) {
        committed
            .computeIfAbsent(e.getKey().group(), g -> new HashMap<>())
            .put(e.getKey().stream(), e.getValue());
        if (read.embedded().contains(e.getKey())) {
          embedded
              .computeIfAbsent(e.getKey().group(), g -> new HashSet<>())
              .add(e.getKey().stream());
        }
      }
    }
    LOG.infof("shard %d: owned, %d groups checkpointed", shard, committed.size());
    Map<String, GroupPoller> pollers = new HashMap<>();
    try {
      pollLoop(publisher, committed, embedded, pollers);
    } finally {
      ctx.followed(-pollers.size());
      pollers.values().forEach(GroupPoller::close);
      ctx.forget(pollers.keySet());
    }
  }

  private void pollLoop(
      ShardPublisher publisher,
      Map<String, Map<String, LogStreamCheckpoint>> committed,
      Map<String, Set<String>> embedded,
      Map<String, GroupPoller> pollers)
      throws InterruptedException {
    while (!stopping) {
      for (String group : selectedGroups.get()) {
        if (shardMap.shardOf(group) == shard && !pollers.containsKey(group)) {
          pollers.put(
              group,
              new GroupPoller(
                  group,
                  committed.getOrDefault(group, Map.of()),
                  embedded.getOrDefault(group, Set.of()),
                  ctx,
                  System::currentTimeMillis));
          owned.add(group);
          ctx.followed(1);
        }
      }
      for (String group = becameWatched.poll(); group != null; group = becameWatched.poll()) {
        GroupPoller p = pollers.get(group);
        if (p != null) {
          p.dueNow();
        }
      }
      Set<String> selected = selectedGroups.get();
      long now = System.currentTimeMillis();
      long watchedInterval = ctx.watchedIntervalMillis();
      List<PickOrder.Candidate<GroupPoller>> due = new ArrayList<>();
      long earliest = Long.MAX_VALUE;
      long nextWatched = Long.MAX_VALUE;
      for (GroupPoller p : pollers.values()) {
        if (selected.contains(p.group())) {
          boolean watched = ctx.watched(p.group());
          long dueAt = p.dueAt(watched, watchedInterval);
          earliest = Math.min(earliest, dueAt);
          if (watched) {
            nextWatched = Math.min(nextWatched, dueAt);
          }
          if (dueAt <= now) {
            due.add(new PickOrder.Candidate<>(p, dueAt, p.interval(), watched));
          }
        }
      }
      if (due.isEmpty()) {
        long wait = Math.max(1, Math.min(earliest - now, IDLE_WAIT_MILLIS));
        if (wake.tryAcquire(wait, TimeUnit.MILLISECONDS)) {
          wake.drainPermits();
        }
        continue;
      }
      PickOrder.Candidate<GroupPoller> chosen = PickOrder.pick(due, ++picks);
      // Regular tokens come after every watched read of the replica: waiting for one must not hold
      // up this shard's own watched groups, so the wait ends when the next of them falls due.
      if (!chosen.watched()
          && nextWatched != Long.MAX_VALUE
          && !ctx.prepay(Math.max(0, nextWatched - now))) {
        continue;
      }
      GroupPoller next = chosen.poller();
      try {
        next.poll(publisher, () -> stopping);
        failing.remove(next.group());
      } catch (AwsCallFailedException e) {
        failed(next, e.reason(), e.getMessage());
      } catch (GroupRefusedException e) {
        failed(next, e.reason(), e.getMessage());
      }
    }
  }

  /* One group's failure: it waits (backoff), the others go on; status and metric say why. */
  private void failed(GroupPoller poller, String reason, String message) {
    poller.failed(reason, message);
    GroupFailure f = poller.failure();
    failing.put(poller.group(), f);
    LOG.warnf(
        "shard %d: group %s failed (%s, %d in a row), retrying in %d ms: %s",
        shard, poller.group(), reason, f.failures(), f.retryAt() - f.since(), message);
  }

  private void sleepUnlessStopping(long millis) {
    long end = System.currentTimeMillis() + millis;
    try {
      while (!stopping && System.currentTimeMillis() < end) {
        Thread.sleep(Math.min(100, Math.max(1, end - System.currentTimeMillis())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
