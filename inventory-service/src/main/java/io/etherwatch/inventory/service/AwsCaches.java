package io.etherwatch.inventory.service;

import io.etherwatch.inventory.client.AwsCallException;
import io.etherwatch.inventory.config.InventoryConfig;

/**
 * The caches in front of AWS: answers for {@code cache-ttl}; a throttling failure for {@code
 * retry-after}, so that clients retrying early do not spend the account's API quota (shared with
 * log-ingest-service) while AWS is already refusing.
 */
final class AwsCaches {
  private AwsCaches() {}

  static <K, V> ShortCache<K, V> create(InventoryConfig config) {
    return new ShortCache<>(
        config.cacheTtl(),
        config.retryAfter(),
        e -> e instanceof AwsCallException aws && aws.kind() == AwsCallException.Kind.THROTTLED,
        config.cacheMaxEntries());
  }
}
