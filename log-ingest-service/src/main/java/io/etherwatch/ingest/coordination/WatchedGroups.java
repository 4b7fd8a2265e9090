package io.etherwatch.ingest.coordination;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.ingest.client.CompactedTopicReader;
import io.etherwatch.ingest.client.KafkaSettings;
import io.etherwatch.ingest.config.IngestConfig;
import io.etherwatch.logevent.WatchedGroup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * The log groups someone watches, as push-service announces them on the compacted {@code
 * kafka.watched-topic} ({@link WatchedGroup}, DESIGN section 5): read whole from its beginning by
 * every replica, the latest entry of each key {@code {"replica","group"}} kept, a tombstone removes
 * its key. A group is watched while at least one of its entries is live ({@link WatchedGroup#live},
 * this replica's clock); an entry whose replica stopped heartbeating expires by itself. Unreadable
 * records are skipped. The reader survives Kafka errors ({@link CompactedTopicReader}).
 */
@ApplicationScoped
public class WatchedGroups {
  private static final Logger LOG = Logger.getLogger(WatchedGroups.class);

  private final ObjectMapper json;
  private final LongSupplier clock;
  private final CompactedTopicReader reader;
  /* group → replica → its latest entry */
  private final Map<String, Map<String, WatchedGroup>> entries = new ConcurrentHashMap<>();
  private final List<Consumer<String>> onWatched = new CopyOnWriteArrayList<>();
  private final AtomicLong version = new AtomicLong();

  public WatchedGroups(KafkaSettings settings, ObjectMapper json, IngestConfig config) {
    this.json = json;
    this.clock = System::currentTimeMillis;
    this.reader =
        new CompactedTopicReader(
            settings, config.kafka().watchedTopic(), "ingest-watched-groups", this::apply);
  }

  public void start() {
    reader.start();
  }

  public void stop() {
    reader.stop();
  }

  /**
   * Runs {@code listener} (on the reader thread, so it must not block) with a group's name the
   * moment the group becomes watched: a record gives it its first live entry.
   */
  public void onWatched(Consumer<String> listener) {
    onWatched.add(listener);
  }

  /**
   * A number that changes whenever a record is applied: views computed from {@link #groups} stay
   * valid while it is unchanged, apart from entries that expire by time.
   */
  public long version() {
    return version.get();
  }

  /** Whether {@code group} has a live entry now. */
  public boolean watched(String group) {
    Map<String, WatchedGroup> byReplica = entries.get(group);
    return byReplica != null && live(byReplica.values(), clock.getAsLong());
  }

  /**
   * The groups that have a live entry now, sorted. Expired entries are dropped on the way (a dead
   * replica's entries would otherwise stay until the topic's retention removed them).
   */
  public Set<String> groups() {
    long now = clock.getAsLong();
    Set<String> watched = new TreeSet<>();
    entries.forEach(
        (group, byReplica) -> {
          byReplica.forEach(
              (replica, e) -> {
                if (!e.live(now)) {
                  byReplica.remove(replica, e);
                }
              });
          if (live(byReplica.values(), now)) {
            watched.add(group);
          }
        });
    return watched;
  }

  private static boolean live(Iterable<WatchedGroup> entries, long now) {
    for (WatchedGroup e : entries) {
      if (e.live(now)) {
        return true;
      }
    }
    return false;
  }

  /* Applies one record; a group without live entries before and with one after becomes watched. */
  void apply(ConsumerRecord<String, byte[]> r) {
    WatchedGroup.Key key;
    WatchedGroup value;
    try {
      key = json.readValue(r.key().getBytes(StandardCharsets.UTF_8), WatchedGroup.Key.class);
      value = r.value() == null ? null : json.readValue(r.value(), WatchedGroup.class);
    } catch (IOException | RuntimeException e) {
      LOG.debugf("skipping an unreadable watched-groups record at offset %d", r.offset());
      return;
    }
    if (key.group() == null || key.replica() == null) {
      return;
    }
    boolean before = watched(key.group());
    version.incrementAndGet();
    if (value == null) {
      entries.computeIfPresent(
          key.group(),
          (g, byReplica) -> {
            byReplica.remove(key.replica());
            return byReplica.isEmpty() ? null : byReplica;
          });
      return;
    }
    entries.computeIfAbsent(key.group(), g -> new ConcurrentHashMap<>()).put(key.replica(), value);
    if (!before && watched(key.group())) {
      LOG.debugf("log group %s is watched", key.group());
      onWatched.forEach(l -> l.accept(key.group()));
    }
  }
}
