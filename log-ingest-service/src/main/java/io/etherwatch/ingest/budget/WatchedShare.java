package io.etherwatch.ingest.budget;

/**
 * How often a watched group may be read: {@code max(watched-interval, watchedGroups / (SHARE ×
 * deploymentRate))}. So the deployment's watched groups together take at most {@link #SHARE} of its
 * budget, shared equally among them, and unwatched groups keep the rest (DESIGN section 5, "Watched
 * groups first"; issue 14).
 */
public final class WatchedShare {
  /** The largest fraction of the deployment's budget that reads of watched groups may take. */
  public static final double SHARE = 0.75;

  private WatchedShare() {}

  /**
   * The effective watched interval in milliseconds.
   *
   * @param configuredMillis {@code watched-interval}, milliseconds
   * @param watchedGroups watched groups the deployment follows
   * @param deploymentRate {@code budget.calls-per-second} of the whole deployment
   */
  public static long intervalMillis(
      long configuredMillis, int watchedGroups, double deploymentRate) {
    double spread = watchedGroups / (SHARE * deploymentRate) * 1000;
    return Math.max(configuredMillis, (long) Math.ceil(spread));
  }

  /**
   * The fraction of the deployment's budget that its watched groups' reads take at their effective
   * interval, at most {@link #SHARE}; idle reads and sweeps are spread over what is left.
   *
   * @param watchedGroups watched groups the deployment follows
   * @param intervalMillis their effective interval ({@link #intervalMillis}), milliseconds
   * @param deploymentRate {@code budget.calls-per-second} of the whole deployment
   */
  public static double fraction(int watchedGroups, long intervalMillis, double deploymentRate) {
    if (watchedGroups <= 0) {
      return 0;
    }
    double rate = watchedGroups * 1000d / Math.max(1, intervalMillis);
    return Math.min(SHARE, rate / deploymentRate);
  }
}
