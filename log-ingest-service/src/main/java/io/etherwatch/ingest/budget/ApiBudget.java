package io.etherwatch.ingest.budget;

import io.etherwatch.ingest.client.CallBudget;
import io.etherwatch.ingest.config.IngestConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

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
  private final ThreadLocal<int[]> prepaid = ThreadLocal.withInitial(() -> new int[1]);
  private final ThreadLocal<TokenBucket.Ticket> pending = new ThreadLocal<>();

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
    int[] held = prepaid.get();
    if (held[0] > 0) {
      held[0]--;
      return;
    }
    if (priority != Priority.SPARE) {
      bucket.acquire(priority);
      return;
    }
    while (!bucket.trySpare()) {
      Thread.sleep(SPARE_WAIT_MILLIS);
    }
  }

  /**
   * Takes a regular token for the calling thread's next call, waiting at most {@code timeoutMillis}
   * (true when it holds one, from now or from an earlier prepay it did not use). A shard worker
   * prepays before reading an unwatched group, so that it never waits in the regular line past the
   * moment one of its watched groups falls due; on a timeout its place in the line is kept for its
   * next prepay ({@link TokenBucket#tryAcquire}), so its unwatched groups are not starved by shards
   * that wait without a deadline.
   */
  public boolean prepay(long timeoutMillis) throws InterruptedException {
    int[] held = prepaid.get();
    if (held[0] > 0) {
      return true;
    }
    TokenBucket.Ticket ticket = pending.get();
    if (ticket == null) {
      ticket = bucket.enqueue(Priority.REGULAR);
      pending.set(ticket);
    }
    boolean acquired;
    try {
      acquired = bucket.tryAcquire(ticket, TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
    } catch (InterruptedException e) {
      pending.remove(); // the bucket took the ticket out of its line
      throw e;
    }
    if (acquired) {
      pending.remove();
      held[0]++;
    }
    return acquired;
  }

  /**
   * Gives up what the calling thread holds: its parked place in the regular line (a token set aside
   * for it goes back to the bucket) and an unused prepaid token. A shard worker calls it when it
   * stops, so a stopped worker's place does not take a token from the others.
   */
  public void release() {
    TokenBucket.Ticket ticket = pending.get();
    if (ticket != null) {
      pending.remove();
      bucket.leave(ticket);
    }
    prepaid.get()[0] = 0;
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
