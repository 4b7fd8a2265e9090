package io.etherwatch.inventory.service;

import io.etherwatch.common.rest.ApiException;
import java.time.Duration;
import java.time.Instant;

/**
 * Which period a statistics range may use. GetMetricStatistics answers at most 1,440 datapoints,
 * and CloudWatch keeps data at coarser resolution as it ages: 60 s for 15 days, 5 min up to 63
 * days, 1 hour up to 455 days. The age that counts is that of the range's start.
 */
public final class PeriodPolicy {
  public static final int MAX_POINTS = 1440;
  public static final Duration MAX_AGE = Duration.ofDays(455);
  private static final Duration MINUTE_DATA = Duration.ofDays(15);
  private static final Duration FIVE_MINUTE_DATA = Duration.ofDays(63);

  private PeriodPolicy() {}

  /**
   * The period for {@code [start, end)}: {@code requested} when it is allowed, else the smallest
   * allowed one; a range or a period CloudWatch cannot serve is a 400 saying why.
   */
  public static int choose(Instant start, Instant end, Integer requested, Instant now) {
    if (!start.isBefore(end)) {
      throw ApiException.badRequest("start (" + start + ") must be before end (" + end + ")");
    }
    Duration range = Duration.between(start, end);
    if (range.compareTo(MAX_AGE) > 0) {
      throw ApiException.badRequest(
          "the range is "
              + range.toDays()
              + " days long; CloudWatch keeps at most 455 days of metrics");
    }
    if (Duration.between(start, now).compareTo(MAX_AGE) > 0) {
      throw ApiException.badRequest(
          "start (" + start + ") is more than 455 days ago; CloudWatch keeps no metrics that old");
    }
    int resolution = resolution(Duration.between(start, now));
    long seconds = range.toSeconds() + (range.toNanosPart() > 0 ? 1 : 0);
    long fewest = (seconds + MAX_POINTS - 1) / MAX_POINTS;
    if (requested == null) {
      long period = Math.max(fewest, resolution);
      return (int) ((period + resolution - 1) / resolution * resolution);
    }
    if (requested <= 0 || requested % 60 != 0) {
      throw ApiException.badRequest(
          "period " + requested + " must be a positive multiple of 60 seconds");
    }
    if (requested > MAX_AGE.toSeconds()) {
      throw ApiException.badRequest(
          "period "
              + requested
              + " is longer than the 455 days CloudWatch keeps metrics: use at most "
              + MAX_AGE.toSeconds()
              + " seconds");
    }
    if (requested % resolution != 0) {
      throw ApiException.badRequest(
          "period "
              + requested
              + " is finer than CloudWatch keeps data starting "
              + Duration.between(start, now).toDays()
              + " days ago: use a multiple of "
              + resolution
              + " seconds");
    }
    if (requested < fewest) {
      throw ApiException.badRequest(
          "period "
              + requested
              + " gives more than "
              + MAX_POINTS
              + " datapoints over this range: use at least "
              + fewest
              + " seconds");
    }
    return requested;
  }

  /** The finest period, in seconds, CloudWatch still holds for data this old. */
  static int resolution(Duration age) {
    if (age.compareTo(MINUTE_DATA) < 0) {
      return 60;
    }
    if (age.compareTo(FIVE_MINUTE_DATA) < 0) {
      return 300;
    }
    return 3600;
  }
}
