package io.etherwatch.ingest.budget;

import java.util.Map;

/**
 * Splits the deployment's call rate between the replicas by demand (the calls per second each would
 * make unconstrained): {@code rate = deploymentRate × myDemand / Σdemand}, but never below a tenth
 * of an equal share, so an idle replica can still discover groups and notice that one turned hot;
 * all shares are then scaled so that their sum never exceeds the deployment rate.
 */
public final class BudgetShare {
  /** The least share of a replica, as a fraction of an equal share. */
  public static final double FLOOR = 0.1;

  private BudgetShare() {}

  /**
   * This replica's rate.
   *
   * @param demands the live replicas' demands by member id, this one's ({@code me}) included
   */
  public static double rate(double deploymentRate, String me, Map<String, Double> demands) {
    int n = Math.max(1, demands.size());
    double equal = deploymentRate / n;
    double total = 0;
    for (double d : demands.values()) {
      total += Math.max(0, d);
    }
    if (total <= 0 || !demands.containsKey(me)) {
      return equal;
    }
    double floor = FLOOR * equal;
    double sum = 0;
    for (double d : demands.values()) {
      sum += Math.max(floor, deploymentRate * Math.max(0, d) / total);
    }
    double mine = Math.max(floor, deploymentRate * Math.max(0, demands.get(me)) / total);
    return mine * Math.min(1, deploymentRate / sum);
  }
}
