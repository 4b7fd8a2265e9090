package io.etherwatch.ingest.service;

import io.etherwatch.ingest.client.CloudWatchLogsGateway;
import io.etherwatch.ingest.config.IngestConfig;
import io.etherwatch.ingest.domain.LogGroupInfo;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Reads the list of log groups every {@code discoveryInterval} and keeps the selected ones. New
 * streams need no discovery: FilterLogEvents reads every stream of a group.
 */
@ApplicationScoped
public class GroupDiscovery {
  private static final Logger LOG = Logger.getLogger(GroupDiscovery.class);

  private final CloudWatchLogsGateway logs;
  private final GroupSelection selection;
  private final long intervalMillis;
  private static final int PAGE = 50;

  private volatile Set<String> selected = Set.of();
  private volatile int lastRoundCalls = 1;
  private volatile boolean running;
  private Thread thread;

  public GroupDiscovery(CloudWatchLogsGateway logs, IngestConfig config) {
    this.logs = logs;
    this.selection = new GroupSelection(config.groups());
    this.intervalMillis = config.discoveryInterval().toMillis();
  }

  /** The selected groups found by the last successful discovery. */
  public Set<String> selected() {
    return selected;
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
   * DescribeLogGroups calls per second discovery makes: the pages of its last round per interval
   * (so discovery of a large account is counted in this replica's demand).
   */
  public double demand() {
    return Math.max(1, lastRoundCalls) * 1000d / Math.max(1, intervalMillis);
  }

  /** Reads the list of log groups once: by name prefix when the selection allows it. */
  public void discover() throws InterruptedException {
    Set<String> found = new TreeSet<>();
    Optional<List<String>> prefixes = selection.prefixes();
    List<String> lists = prefixes.orElse(Collections.singletonList(null));
    int calls = 0;
    for (String prefix : lists) {
      List<LogGroupInfo> listed = logs.describeGroups(prefix);
      calls += 1 + listed.size() / PAGE;
      for (LogGroupInfo group : listed) {
        if (selection.matches(group.name())) {
          found.add(group.name());
        }
      }
    }
    lastRoundCalls = calls;
    if (!found.equals(selected)) {
      LOG.infof("following %d log groups", found.size());
    }
    selected = Set.copyOf(found);
  }

  private void run() {
    while (running) {
      try {
        discover();
        Thread.sleep(intervalMillis);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warnf("log group discovery failed: %s", e.getMessage());
        try {
          Thread.sleep(intervalMillis);
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
  }
}
