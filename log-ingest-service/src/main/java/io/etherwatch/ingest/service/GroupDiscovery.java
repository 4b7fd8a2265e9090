package io.etherwatch.ingest.service;

import io.etherwatch.ingest.budget.ApiBudget;
import io.etherwatch.ingest.client.CallBudget;
import io.etherwatch.ingest.client.CloudWatchLogsGateway;
import io.etherwatch.ingest.config.IngestConfig;
import io.etherwatch.ingest.coordination.GroupDirectory;
import io.etherwatch.ingest.domain.LogGroupInfo;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Finds the selected log groups for the whole deployment: the replica that owns shard 0 (the
 * leader) lists them every {@code discoveryInterval} and writes what changed to the {@link
 * GroupDirectory}, which every replica reads. A selection of names and prefixes is listed by {@code
 * logGroupNamePrefix}; discovery takes at most a tenth of the deployment's budget (its interval
 * stretches when the listing has many pages). New streams need no discovery: FilterLogEvents reads
 * every stream of a group. A selected group that becomes watched (issue 14) and is not followed yet
 * is looked up at once by its name (one DescribeLogGroups call, watched priority), so its first
 * subscriber does not wait for the next round.
 */
@ApplicationScoped
public class GroupDiscovery {
  private static final Logger LOG = Logger.getLogger(GroupDiscovery.class);
  private static final int PAGE = 50;
  private static final double BUDGET_SHARE = 0.1;

  private final CloudWatchLogsGateway logs;
  private final GroupDirectory directory;
  private final ApiBudget budget;
  private final GroupSelection selection;
  private final long intervalMillis;
  private volatile int lastRoundCalls = 1;
  private volatile boolean leading;
  private volatile boolean running;
  private volatile long nextRound;
  private final ConcurrentLinkedQueue<String> watched = new ConcurrentLinkedQueue<>();
  /* Wakes the thread without interrupting an AWS call in flight. */
  private final Semaphore wake = new Semaphore(0);
  private Thread thread;

  public GroupDiscovery(
      CloudWatchLogsGateway logs, GroupDirectory directory, ApiBudget budget, IngestConfig config) {
    this.logs = logs;
    this.directory = directory;
    this.budget = budget;
    this.selection = new GroupSelection(config.groups());
    this.intervalMillis = config.discoveryInterval().toMillis();
  }

  /** The selected groups the deployment follows (as the directory holds them). */
  public Set<String> selected() {
    return directory.groups();
  }

  /** Whether the selection ({@code etherwatch.ingest.groups}) takes {@code group}. */
  public boolean selects(String group) {
    return selection.matches(group);
  }

  /** Makes this replica the one that discovers (it owns shard 0), or not. */
  public void lead(boolean lead) {
    if (lead != leading) {
      LOG.infof(lead ? "discovering log groups for the deployment" : "no longer discovering");
    }
    leading = lead;
    if (lead) {
      nextRound = 0;
      wake.release();
    }
  }

  /**
   * A group just became watched: if this replica discovers, the group is selected and not followed
   * yet, it is looked up at once (without blocking the caller).
   */
  public void watched(String group) {
    if (leading && selection.matches(group) && !directory.groups().contains(group)) {
      watched.add(group);
      wake.release();
    }
  }

  public synchronized void start() {
    running = true;
    thread = new Thread(this::run, "ingest-group-discovery");
    thread.setDaemon(true);
    thread.start();
  }

  public synchronized void stop() {
    running = false;
    if (thread != null) {
      thread.interrupt();
    }
  }

  /**
   * DescribeLogGroups calls per second this replica's discovery makes: the pages of its last round
   * per interval while it leads, none otherwise.
   */
  public double demand() {
    return leading ? Math.max(1, lastRoundCalls) * 1000d / waitMillis() : 0;
  }

  /**
   * Lists the selected groups once (by name prefix when the selection allows it) and records them.
   */
  public void discover() throws InterruptedException {
    Set<String> found = new TreeSet<>();
    Optional<List<String>> prefixes = selection.prefixes();
    int calls = 0;
    for (String prefix : prefixes.orElse(Collections.singletonList(null))) {
      List<LogGroupInfo> listed = logs.describeGroups(prefix);
      calls += 1 + listed.size() / PAGE;
      for (LogGroupInfo group : listed) {
        if (selection.matches(group.name())) {
          found.add(group.name());
        }
      }
    }
    lastRoundCalls = calls;
    if (!found.equals(directory.groups())) {
      LOG.infof("following %d log groups", found.size());
      directory.publish(found);
    }
  }

  /* Looks up the watched groups not followed yet by their names and records those that exist. */
  private void discoverWatched() throws InterruptedException {
    Set<String> found = new TreeSet<>();
    for (String group = watched.poll(); group != null; group = watched.poll()) {
      if (found.contains(group) || directory.groups().contains(group)) {
        continue;
      }
      for (LogGroupInfo info : logs.describeGroups(group, CallBudget.Priority.WATCHED, "watched")) {
        if (info.name().equals(group)) {
          found.add(group);
        }
      }
    }
    if (!found.isEmpty()) {
      LOG.infof("following watched log groups %s at once", found);
      Set<String> all = new TreeSet<>(directory.groups());
      all.addAll(found);
      directory.publish(all);
    }
  }

  /* The discovery interval, stretched so that a round's pages take at most a tenth of the budget. */
  private long waitMillis() {
    double rate = Math.max(0.001, budget.deploymentRate() * BUDGET_SHARE);
    return Math.max(intervalMillis, (long) (lastRoundCalls / rate * 1000));
  }

  private void run() {
    while (running) {
      try {
        long wait = intervalMillis;
        if (leading) {
          discoverWatched();
          if (System.currentTimeMillis() >= nextRound) {
            discover();
            nextRound = System.currentTimeMillis() + waitMillis();
          }
          wait = Math.max(1, nextRound - System.currentTimeMillis());
        }
        if (wake.tryAcquire(wait, TimeUnit.MILLISECONDS)) {
          wake.drainPermits();
        }
      } catch (InterruptedException e) {
        if (!running) {
          return;
        }
      } catch (RuntimeException e) {
        LOG.warnf("log group discovery failed: %s", e.getMessage());
        nextRound = System.currentTimeMillis() + intervalMillis;
        try {
          if (wake.tryAcquire(intervalMillis, TimeUnit.MILLISECONDS)) {
            wake.drainPermits();
          }
        } catch (InterruptedException stop) {
          if (!running) {
            return;
          }
        }
      }
    }
  }
}
