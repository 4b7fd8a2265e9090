package io.etherwatch.inventory.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the inventory pages through AWS and how long it keeps answers. */
@ConfigMapping(prefix = "etherwatch.inventory")
public interface InventoryConfig {

  /** How long an AWS answer is reused; a burst of identical requests makes one call. */
  @WithDefault("5S")
  Duration cacheTtl();

  /**
   * At most this much memory (estimated, for every kind of AWS answer together; {@code 64M}, {@code
   * 1G}) is held by cached answers; past it, the least likely to be asked again are dropped.
   */
  @WithDefault("64M")
  MemorySize cacheMaxBytes();

  /** Reservations per DescribeInstances page (AWS accepts 5 to 1000). */
  @WithDefault("500")
  int ec2PageSize();

  /** Log groups or streams per page handed to the client (AWS accepts 1 to 50). */
  @WithDefault("50")
  int logPageSize();

  /** The Retry-After a client is told when AWS throttles us; the 503 is reused that long. */
  @WithDefault("2S")
  Duration retryAfter();
}
