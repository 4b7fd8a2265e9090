package io.etherwatch.push.delivery;

import io.etherwatch.push.domain.SubscriptionShape;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The subscriptions of every connection (the 2016 LOG_STREAM_CONNS table): added by
 * LOG_STREAM_REQUEST, removed by LOG_STREAM_STOP and, all at once, when the connection goes. Every
 * entry added and removed is counted by its group in the {@link WatchedAnnouncer}, so what this
 * table holds is what the replica announces as watched.
 */
@ApplicationScoped
public class SubscriptionTable {
  private final Map<String, Map<String, Subscription>> byConnection = new HashMap<>();
  private final WatchedAnnouncer watched;
  private int size;

  public SubscriptionTable(WatchedAnnouncer watched) {
    this.watched = watched;
  }

  /** Adds {@code sub} unless its connection already holds {@code max}; false when full. */
  public synchronized boolean add(Subscription sub, int max) {
    Map<String, Subscription> subs =
        byConnection.computeIfAbsent(sub.connectionId(), c -> new LinkedHashMap<>());
    if (subs.size() >= max) {
      return false;
    }
    subs.put(sub.id(), sub);
    size++;
    watched.added(sub.group());
    return true;
  }

  /** The connection's subscription of exactly this shape, if it has one. */
  public synchronized Optional<Subscription> find(String connectionId, SubscriptionShape shape) {
    return byConnection.getOrDefault(connectionId, Map.of()).values().stream()
        .filter(sub -> sub.shape().equals(shape))
        .findFirst();
  }

  public synchronized int count(String connectionId) {
    return byConnection.getOrDefault(connectionId, Map.of()).size();
  }

  public synchronized Optional<Subscription> remove(String connectionId, String subscriptionId) {
    Map<String, Subscription> subs = byConnection.get(connectionId);
    Subscription removed = subs == null ? null : subs.remove(subscriptionId);
    if (removed != null) {
      size--;
      watched.removed(removed.group());
      if (subs.isEmpty()) {
        byConnection.remove(connectionId);
      }
    }
    return Optional.ofNullable(removed);
  }

  public synchronized List<Subscription> removeAll(String connectionId) {
    Map<String, Subscription> subs = byConnection.remove(connectionId);
    if (subs == null) {
      return List.of();
    }
    size -= subs.size();
    subs.values().forEach(sub -> watched.removed(sub.group()));
    return new ArrayList<>(subs.values());
  }

  public synchronized List<Subscription> of(String connectionId) {
    return new ArrayList<>(byConnection.getOrDefault(connectionId, new HashMap<>()).values());
  }

  /** Subscriptions of all connections. */
  public synchronized int size() {
    return size;
  }
}
