package io.etherwatch.inventory.service;

import io.etherwatch.common.rest.ApiException;
import io.etherwatch.inventory.domain.Dimension;
import io.etherwatch.inventory.domain.Statistic;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Parses what callers send in query strings and bodies, with a 400 naming what is wrong. */
public final class RequestParams {
  private static final int MAX_DIMENSIONS = 30;

  /** The earliest and latest times a request may name: the epoch to the end of year 9999. */
  public static final Instant EARLIEST = Instant.EPOCH;

  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

  private RequestParams() {}

  /**
   * An ISO-8601 instant ({@code 2026-11-27T10:00:00Z}) or epoch milliseconds, from 1970 to the end
   * of 9999 (what AWS's timestamps can carry); null if absent; otherwise 400.
   */
  public static Instant instant(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String text = value.trim();
    Instant instant;
    try {
      if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
        instant = Instant.ofEpochMilli(Long.parseLong(text));
      } else {
        instant = Instant.parse(text);
      }
    } catch (DateTimeException | NumberFormatException e) {
      throw ApiException.badRequest(
          name
              + " "
              + LogNames.shown(text)
              + " is not a time: use ISO-8601 (2026-11-27T10:00:00Z) or epoch milliseconds");
    }
    if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
      throw ApiException.badRequest(
          name + " (" + instant + ") is out of range: use a time from 1970 to 9999");
    }
    return instant;
  }

  /** Epoch milliseconds of {@link #instant}, or null. */
  public static Long epochMillis(String name, String value) {
    Instant instant = instant(name, value);
    return instant == null ? null : instant.toEpochMilli();
  }

  /**
   * A whole number, or null if absent; otherwise 400 "{@code name} '{@code value}' is not {@code
   * what}" (e.g. "a number of seconds"). Ranges are the caller's to check.
   */
  public static Integer integer(String name, String value, String what) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(value.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + " '" + value + "' is not " + what);
    }
  }

  /** {@code Name=Value} pairs; the value may itself contain {@code =}. */
  public static List<Dimension> dimensions(Collection<String> pairs) {
    if (pairs == null) {
      return List.of();
    }
    List<Dimension> dimensions =
        pairs.stream()
            .map(
                pair -> {
                  int equals = pair == null ? -1 : pair.indexOf('=');
                  if (equals <= 0 || equals == pair.length() - 1) {
                    throw ApiException.badRequest(
                        "malformed dimension "
                            + LogNames.shown(String.valueOf(pair))
                            + ": expected Name=Value with both parts non-empty");
                  }
                  return dimension(pair.substring(0, equals), pair.substring(equals + 1));
                })
            .toList();
    return checkCount(dimensions);
  }

  /** A dimension from a body's {@code {"Name","Value"}}, within CloudWatch's naming rules. */
  public static Dimension dimension(String name, String value) {
    if (name == null || name.trim().isEmpty() || value == null || value.trim().isEmpty()) {
      throw ApiException.badRequest(
          "malformed dimension (Name "
              + LogNames.shown(String.valueOf(name))
              + ", Value "
              + LogNames.shown(String.valueOf(value))
              + "): both Name and Value must be non-empty");
    }
    return new Dimension(
        MetricNames.dimensionName(name.trim()), MetricNames.dimensionValue(value.trim()));
  }

  public static List<Dimension> checkCount(List<Dimension> dimensions) {
    if (dimensions.size() > MAX_DIMENSIONS) {
      throw ApiException.badRequest(
          dimensions.size() + " dimensions given; a metric has at most " + MAX_DIMENSIONS);
    }
    return dimensions;
  }

  /** Statistic names, repeated or comma-separated; none given means all. */
  public static Set<Statistic> statistics(Collection<String> values) {
    Set<Statistic> statistics = EnumSet.noneOf(Statistic.class);
    if (values == null) {
      return statistics;
    }
    for (String value : values) {
      if (value == null) {
        throw ApiException.badRequest(
            "statistics holds a null: use names such as Average, Sum, Minimum, Maximum, SampleCount");
      }
      for (String name : value.split(",")) {
        if (name.isBlank()) {
          continue;
        }
        statistics.add(
            Statistic.of(name.trim())
                .orElseThrow(
                    () ->
                        ApiException.badRequest(
                            "unknown statistic "
                                + LogNames.shown(name.trim())
                                + ": use "
                                + Arrays.stream(Statistic.values())
                                    .map(Statistic::awsName)
                                    .collect(Collectors.joining(", ")))));
      }
    }
    return statistics;
  }

  /**
   * An EC2 filter value ({@code *} and {@code ?} are AWS wildcards): null or blank means no filter;
   * otherwise at most 255 characters without control characters (EC2's limit for tag values), or
   * 400.
   */
  public static String filterValue(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    if (value.length() > 255) {
      throw ApiException.badRequest(
          name + " is " + value.length() + " characters long; EC2 filters take at most 255");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw ApiException.badRequest(name + " may not hold control characters");
    }
    return value;
  }

  /** A required text parameter. */
  public static String required(String name, String value) {
    String trimmed = value == null ? "" : value.trim();
    if (trimmed.isEmpty()) {
      throw ApiException.badRequest(name + " is required");
    }
    return trimmed;
  }
}
