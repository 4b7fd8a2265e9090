package io.etherwatch.inventory.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Answers kept for a few seconds, with single flight: while a key is being loaded, every other
 * caller of that key waits for the same load instead of starting its own. A failed load's waiters
 * all see the failure; the failure is kept only when {@code keepFailure} says so (AWS throttling,
 * for as long as clients are told to wait), else the next caller tries again.
 */
public final class ShortCache<K, V> {
  private final long ttlNanos;
  private final long failureTtlNanos;
  private final Predicate<RuntimeException> keepFailure;
  private final int maxEntries;
  private final LongSupplier nanoClock;
  private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();

  public ShortCache(Duration ttl, int maxEntries) {
    this(ttl, Duration.ZERO, e -> false, maxEntries, System::nanoTime);
  }

  public ShortCache(
      Duration ttl, Duration failureTtl, Predicate<RuntimeException> keepFailure, int maxEntries) {
    this(ttl, failureTtl, keepFailure, maxEntries, System::nanoTime);
  }

  ShortCache(
      Duration ttl,
      Duration failureTtl,
      Predicate<RuntimeException> keepFailure,
      int maxEntries,
      LongSupplier nanoClock) {
    this.ttlNanos = ttl.toNanos();
    this.failureTtlNanos = failureTtl.toNanos();
    this.keepFailure = keepFailure;
    this.maxEntries = maxEntries;
    this.nanoClock = nanoClock;
  }

  /** The value of {@code key}: a fresh one, the one being loaded, or a new load by this caller. */
  public V get(K key, Supplier<V> loader) {
    long now = nanoClock.getAsLong();
    Entry<V> mine = new Entry<>();
    Entry<V> current = entries.compute(key, (k, e) -> e == null || e.expired(now) ? mine : e);
    if (current == mine) {
      load(key, mine, loader);
    }
    try {
      return current.value.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }

  /** Number of keys held, loading or loaded. */
  public int size() {
    return entries.size();
  }

  private void load(K key, Entry<V> entry, Supplier<V> loader) {
    try {
      V value = loader.get();
      entry.expiresAt = nanoClock.getAsLong() + ttlNanos;
      entry.value.complete(value);
      trim();
    } catch (RuntimeException e) {
      if (keepFailure.test(e)) {
        entry.expiresAt = nanoClock.getAsLong() + failureTtlNanos;
      } else {
        entries.remove(key, entry);
      }
      entry.value.completeExceptionally(e);
    } catch (Error e) {
      entries.remove(key, entry);
      entry.value.completeExceptionally(e);
      throw e;
    }
  }

  private void trim() {
    if (entries.size() <= maxEntries) {
      return;
    }
    long now = nanoClock.getAsLong();
    entries.values().removeIf(e -> e.expired(now));
    var keys = entries.entrySet().iterator();
    while (entries.size() > maxEntries && keys.hasNext()) {
      if (keys.next().getValue().value.isDone()) {
        keys.remove();
      }
    }
  }

  private static final class Entry<V> {
    final CompletableFuture<V> value = new CompletableFuture<>();
    // In flight until loaded: a load never expires under its waiters.
    volatile long expiresAt = Long.MAX_VALUE;

    boolean expired(long now) {
      return value.isDone() && now - expiresAt >= 0;
    }
  }
}
