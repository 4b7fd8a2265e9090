package io.etherwatch.inventory.service;

import io.etherwatch.inventory.client.AwsCallException;
import io.etherwatch.inventory.config.InventoryConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.function.ToLongFunction;

/**
 * The one cache in front of AWS, shared by every kind of answer: answers for {@code cache-ttl}; a
 * throttling failure for {@code retry-after}, so that clients retrying early do not spend the
 * account's API quota (shared with log-ingest-service) while AWS is already refusing; at most
 * {@code cache-max-bytes} of estimated memory for all of them together.
 */
@Singleton
public class AwsCaches {
  static final String BYTES = "etherwatch.inventory.cache.weight";

  private final ShortCache cache;

  AwsCaches(InventoryConfig config, MeterRegistry registry) {
    this.cache =
        new ShortCache(
            config.cacheTtl(),
            config.retryAfter(),
            e -> e instanceof AwsCallException aws && aws.kind() == AwsCallException.Kind.THROTTLED,
            config.cacheMaxBytes().asLongValue());
    Gauge.builder(BYTES, cache, ShortCache::weightedBytes)
        .description("estimated heap held by cached AWS answers (bound: cache-max-bytes)")
        .baseUnit("bytes")
        .register(registry);
  }

  /** The part of the cache holding one kind of answer, weighed by {@code weight}. */
  <K, V> ShortCache.Region<K, V> region(String name, ToLongFunction<V> weight) {
    return cache.region(name, weight);
  }
}
