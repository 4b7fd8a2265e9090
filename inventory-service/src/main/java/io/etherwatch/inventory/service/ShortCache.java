package io.etherwatch.inventory.service;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Answers kept for a few seconds in one Caffeine cache whose size is bounded in bytes, with single
 * flight: while a key is being loaded, every other caller of that key waits for the same load
 * instead of starting its own. Each answer expires {@code ttl} after it was written, whether or not
 * its key is asked again (Caffeine's scheduler removes it). A failed load's waiters all see the
 * failure; the failure is kept only when {@code keepFailure} says so (AWS throttling, for {@code
 * failureTtl}: as long as clients are told to wait), else it is not cached and the next caller
 * tries again.
 *
 * <p>The bound counts each entry's estimated bytes ({@link CacheWeights}): the key, the answer and
 * a fixed overhead; a load in flight weighs nothing until it completes. Past the bound, Caffeine
 * evicts the entries least likely to be used again.
 *
 * <p>Several kinds of answers share one instance, each in its own {@link Region}, so that one
 * setting bounds the memory of them all.
 */
public final class ShortCache {
  private final AsyncCache<Key, Outcome> cache;
  private final Predicate<RuntimeException> keepFailure;

  /** A cache for the service: Caffeine's own executor, a scheduler that removes expired answers. */
  public ShortCache(
      Duration ttl, Duration failureTtl, Predicate<RuntimeException> keepFailure, long maxBytes) {
    this(ttl, failureTtl, keepFailure, maxBytes, Ticker.systemTicker(), null);
  }

  /** With a test's clock, and its executor for Caffeine's upkeep (null: Caffeine's default). */
  ShortCache(
      Duration ttl,
      Duration failureTtl,
      Predicate<RuntimeException> keepFailure,
      long maxBytes,
      Ticker ticker,
      Executor executor) {
    this.keepFailure = keepFailure;
    Caffeine<Key, Outcome> builder =
        Caffeine.newBuilder()
            .ticker(ticker)
            .maximumWeight(maxBytes)
            .<Key, Outcome>weigher(
                (key, outcome) -> (int) Math.min(Integer.MAX_VALUE, outcome.bytes))
            .expireAfter(new WriteExpiry(ttl.toNanos(), failureTtl.toNanos()));
    if (executor != null) {
      builder.executor(executor);
    } else {
      builder.scheduler(Scheduler.systemScheduler());
    }
    this.cache = builder.buildAsync();
  }

  /** A view of the cache for one kind of answer; {@code weight} estimates an answer's bytes. */
  public <K, V> Region<K, V> region(String name, ToLongFunction<V> weight) {
    return new Region<>(name, weight);
  }

  /** Bytes held (estimated), after pending upkeep. */
  public long weightedBytes() {
    cache.synchronous().cleanUp();
    return cache.synchronous().policy().eviction().orElseThrow().weightedSize().orElse(0);
  }

  /** Answers held, after pending upkeep (expired ones removed). */
  public long size() {
    cache.synchronous().cleanUp();
    return cache.synchronous().estimatedSize();
  }

  /** One kind of answer, keyed by {@code K}. */
  public final class Region<K, V> {
    private final String name;
    private final ToLongFunction<V> weight;

    private Region(String name, ToLongFunction<V> weight) {
      this.name = name;
      this.weight = weight;
    }

    /**
     * The value of {@code key}: a fresh one, the one being loaded, or a new load by this caller.
     */
    @SuppressWarnings("unchecked")
    public V get(K key, Supplier<V> loader) {
      Key cacheKey = new Key(name, key);
      CompletableFuture<Outcome> mine = new CompletableFuture<>();
      CompletableFuture<Outcome> current = cache.get(cacheKey, (k, executor) -> mine);
      if (current == mine) {
        load(cacheKey, mine, loader);
      }
      Outcome outcome;
      try {
        outcome = current.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        throw e;
      }
      if (outcome.failure != null) {
        throw outcome.failure;
      }
      return (V) outcome.value;
    }

    private void load(Key key, CompletableFuture<Outcome> mine, Supplier<V> loader) {
      try {
        V value = loader.get();
        mine.complete(
            new Outcome(value, null, CacheWeights.entry(key.key) + weight.applyAsLong(value)));
      } catch (RuntimeException e) {
        if (keepFailure.test(e)) {
          mine.complete(new Outcome(null, e, CacheWeights.entry(key.key)));
        } else {
          // A failed future leaves the cache at once: a failure is never served to later callers.
          mine.completeExceptionally(e);
        }
      } catch (Error e) {
        mine.completeExceptionally(e);
        throw e;
      }
    }
  }

  private record Key(String region, Object key) {}

  /** A loaded answer, or a failure kept for {@code failureTtl}, and its estimated bytes. */
  private record Outcome(Object value, RuntimeException failure, long bytes) {}

  /** Expiry after write: the answer's TTL, or the failure's; a read does not extend it. */
  private record WriteExpiry(long ttlNanos, long failureTtlNanos) implements Expiry<Key, Outcome> {
    @Override
    public long expireAfterCreate(Key key, Outcome outcome, long currentTime) {
      return outcome.failure == null ? ttlNanos : failureTtlNanos;
    }

    @Override
    public long expireAfterUpdate(
        Key key, Outcome outcome, long currentTime, long currentDuration) {
      return expireAfterCreate(key, outcome, currentTime);
    }

    @Override
    public long expireAfterRead(Key key, Outcome outcome, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
