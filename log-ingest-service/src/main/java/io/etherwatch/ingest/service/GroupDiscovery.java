package io.etherwatch.ingest.service;

import io.etherwatch.ingest.client.CloudWatchLogsGateway;
import io.etherwatch.ingest.config.IngestConfig;
import io.etherwatch.ingest.domain.LogGroupInfo;
import jakarta.enterprise.context.ApplicationScoped;
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
  private volatile Set<String> selected = Set.of();
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

  /** Reads the group list once. */
  public void discover() throws InterruptedException {
    Set<String> found = new TreeSet<>();
    for (LogGroupInfo group : logs.describeGroups()) {
      if (selection.matches(group.name())) {
        found.add(group.name());
      }
    }
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
