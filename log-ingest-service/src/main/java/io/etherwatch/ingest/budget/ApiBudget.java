package io.etherwatch.ingest.budget;

import io.etherwatch.ingest.client.CallBudget;
import io.etherwatch.ingest.config.IngestConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one AWS call budget of this replica: FilterLogEvents and Describe* share it, because AWS
 * counts them against the same account and region. The deployment's rate is split between the
 * replicas by their demand ({@link BudgetShare}); until the replicas' demands are known, in
 * proportion to the shards each owns. Reads of watched groups go before all others; low-priority
 * reads (the late sweep) take only spare tokens.
 */
@ApplicationScoped
public class ApiBudget implements CallBudget {
  private static final long SPARE_WAIT_MILLIS = 100;
  private final double deploymentRate;
  private final TokenBucket bucket;
  private volatile boolean demandKnown;

  public ApiBudget(IngestConfig config, MeterRegistry registry) {
    this.deploymentRate = config.budget().callsPerSecond();
    this.bucket = new TokenBucket(deploymentRate, config.budget().burst(), System::nanoTime);
    Gauge.builder("etherwatch.ingest.budget.rate", this, ApiBudget::rate)
        .description("calls per second this replica may make (its share of the deployment's)")
        .register(registry);
  }

  /**
   * Waits for the right to make one AWS call, in {@code priority}'s line; a spare call polls until
   * the bucket has a token to spare ({@link TokenBucket#trySpare}).
   */
  @Override
  public void acquire(Priority priority) throws InterruptedException {
    if (priority != Priority.SPARE) {
      bucket.acquire(priority);
      return;
    }
    while (!bucket.trySpare()) {
      Thread.sleep(SPARE_WAIT_MILLIS);
    }
  }

  /** Sets this replica's share from the shards it owns, until demand is known. */
  public void share(int ownedShards, int totalShards) {
    if (!demandKnown) {
      bucket.setRate(deploymentRate * Math.max(1, ownedShards) / Math.max(1, totalShards));
    }
  }

  /** Sets this replica's share from the replicas' demands. */
  public void shareByDemand(double rate) {
    demandKnown = true;
    bucket.setRate(rate);
  }

  public double deploymentRate() {
    return deploymentRate;
  }

  public double rate() {
    return bucket.rate();
  }
}
