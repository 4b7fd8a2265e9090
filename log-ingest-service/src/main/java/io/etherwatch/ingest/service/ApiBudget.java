package io.etherwatch.ingest.service;

import io.etherwatch.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one AWS call budget of this replica: FilterLogEvents and Describe* share it, because AWS
 * counts them against the same account and region. The deployment's rate is split between the
 * replicas in proportion to the shards each owns.
 */
@ApplicationScoped
public class ApiBudget {
  private final double deploymentRate;
  private final TokenBucket bucket;

  public ApiBudget(IngestConfig config) {
    this.deploymentRate = config.budget().callsPerSecond();
    this.bucket = new TokenBucket(deploymentRate, config.budget().burst(), System::nanoTime);
  }

  /** Waits for the right to make one AWS call. */
  public void acquire() throws InterruptedException {
    bucket.acquire();
  }

  /** Sets this replica's share from the shards it owns (at least one shard's worth). */
  public void share(int ownedShards, int totalShards) {
    bucket.setRate(deploymentRate * Math.max(1, ownedShards) / Math.max(1, totalShards));
  }

  public double rate() {
    return bucket.rate();
  }
}
