package io.etherwatch.inventory.service;

import io.etherwatch.common.rest.ApiException;

/**
 * CloudWatch's rules for the names of a metric, checked before AWS is asked, so that a name AWS
 * would refuse ({@code InvalidParameterValue}) is a 400 naming the rule rather than an AWS failure.
 * Source: the CloudWatch API reference ({@code Metric}, {@code Dimension}): namespaces, metric
 * names and dimension names are 1–255 ASCII characters, dimension values 1–1,024; no control
 * characters; a namespace and a dimension name may not start with {@code :}.
 */
public final class MetricNames {
  public static final int MAX_NAME = 255;
  public static final int MAX_DIMENSION_VALUE = 1024;

  private MetricNames() {}

  /** A namespace, or 400. */
  public static String namespace(String namespace) {
    return check("namespace", namespace, MAX_NAME, true);
  }

  /** A metric name, or 400. */
  public static String metricName(String metricName) {
    return check("metricName", metricName, MAX_NAME, false);
  }

  /** A dimension name, or 400. */
  public static String dimensionName(String name) {
    return check("dimension name", name, MAX_NAME, true);
  }

  /** A dimension value, or 400. */
  public static String dimensionValue(String value) {
    return check("dimension value", value, MAX_DIMENSION_VALUE, false);
  }

  /**
   * Whether CloudWatch takes {@code value} as a dimension value (what {@link #dimensionValue}
   * checks).
   */
  public static boolean isDimensionValue(String value) {
    return !value.isEmpty()
        && value.length() <= MAX_DIMENSION_VALUE
        && value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
  }

  private static String check(String what, String text, int max, boolean noLeadingColon) {
    if (text.isEmpty()) {
      throw ApiException.badRequest(what + " is empty; CloudWatch needs at least one character");
    }
    if (text.length() > max) {
      throw ApiException.badRequest(
          what + " is " + text.length() + " characters long; CloudWatch allows at most " + max);
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw ApiException.badRequest(
            what
                + " "
                + LogNames.shown(text)
                + " has a character CloudWatch refuses at position "
                + (i + 1)
                + ": use printable ASCII only");
      }
    }
    if (noLeadingColon && text.startsWith(":")) {
      throw ApiException.badRequest(
          what + " " + LogNames.shown(text) + " may not start with ':' (CloudWatch's rule)");
    }
    return text;
  }
}
