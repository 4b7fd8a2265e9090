package io.etherwatch.inventory.service;

import io.etherwatch.common.rest.ApiException;
import io.etherwatch.inventory.domain.Dimension;
import io.etherwatch.inventory.domain.Statistic;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Parses what callers send in query strings and bodies, with a 400 naming what is wrong. */
public final class RequestParams {
  private static final int MAX_DIMENSIONS = 30;

  private RequestParams() {}

  /** An ISO-8601 instant ({@code 2026-11-27T10:00:00Z}) or epoch milliseconds; null if absent. */
  public static Instant instant(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String text = value.trim();
    try {
      if (text.chars().allMatch(Character::isDigit)) {
        return Instant.ofEpochMilli(Long.parseLong(text));
      }
      return Instant.parse(text);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw ApiException.badRequest(
          name
              + " '"
              + text
              + "' is not a time: use ISO-8601 (2026-11-27T10:00:00Z) or epoch milliseconds");
    }
  }

  /** Epoch milliseconds of {@link #instant}, or null. */
  public static Long epochMillis(String name, String value) {
    Instant instant = instant(name, value);
    return instant == null ? null : instant.toEpochMilli();
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
                        "malformed dimension '"
                            + pair
                            + "': expected Name=Value with both parts non-empty");
                  }
                  return dimension(pair.substring(0, equals), pair.substring(equals + 1));
                })
            .toList();
    return checkCount(dimensions);
  }

  /** A dimension from a body's {@code {"Name","Value"}}. */
  public static Dimension dimension(String name, String value) {
    if (name == null || name.isBlank() || value == null || value.isBlank()) {
      throw ApiException.badRequest(
          "malformed dimension (Name '"
              + name
              + "', Value '"
              + value
              + "'): both Name and Value must be non-empty");
    }
    return new Dimension(name.trim(), value.trim());
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
      for (String name : value.split(",")) {
        if (name.isBlank()) {
          continue;
        }
        statistics.add(
            Statistic.of(name.trim())
                .orElseThrow(
                    () ->
                        ApiException.badRequest(
                            "unknown statistic '"
                                + name.trim()
                                + "': use "
                                + Arrays.stream(Statistic.values())
                                    .map(Statistic::awsName)
                                    .collect(Collectors.joining(", ")))));
      }
    }
    return statistics;
  }

  /** A required text parameter. */
  public static String required(String name, String value) {
    if (value == null || value.isBlank()) {
      throw ApiException.badRequest(name + " is required");
    }
    return value.trim();
  }
}
