package io.etherwatch.inventory.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the inventory pages through AWS and how long it keeps answers. */
@ConfigMapping(prefix = "etherwatch.inventory")
public interface InventoryConfig {

  /** How long an AWS answer is reused; a burst of identical requests makes one call. */
  @WithDefault("5S")
  Duration cacheTtl();

  /** At most this many answers are kept; expired ones are dropped first. */
  @WithDefault("10000")
  int cacheMaxEntries();

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
