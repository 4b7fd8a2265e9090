package io.etherwatch.inventory.service;

import io.etherwatch.common.rest.ApiException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * CloudWatch Logs' naming rules, checked before AWS is asked, so that a name AWS would refuse is a
 * 400 naming the rule, and every name AWS allows is passed on untouched (no trimming, no
 * splitting). Source: the CloudWatch Logs API reference ({@code CreateLogGroup}: 1–512 characters
 * of {@code [\.\-_/#A-Za-z0-9]}; {@code CreateLogStream}: 1–512 characters, no {@code :} or {@code
 * *}; {@code FilterLogEvents}: at most 100 {@code logStreamNames}, a filter pattern of at most
 * 1,024 characters).
 */
public final class LogNames {
  public static final int MAX_NAME = 512;
  public static final int MAX_STREAMS = 100;
  public static final int MAX_FILTER_PATTERN = 1024;
  private static final Pattern GROUP_CHARACTERS = Pattern.compile("[._/#A-Za-z0-9-]*");

  private LogNames() {}

  /** A log group name, or 400 saying which rule it breaks; a missing one is 400 too. */
  public static String group(String name) {
    if (name == null || name.isEmpty()) {
      throw ApiException.badRequest(
          "a log group name is required (the names '.' and '..' only as ?group=, since URL"
              + " paths drop such segments)");
    }
    checkGroupText("log group name", name);
    return name;
  }

  /** A log group name prefix: empty or null means none; otherwise the group name rules apply. */
  public static String groupPrefix(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      return null;
    }
    checkGroupText("prefix", prefix);
    return prefix;
  }

  /** Stream names to search (none: every stream), each as given, or 400. */
  public static List<String> streams(List<String> names) {
    if (names == null) {
      return List.of();
    }
    List<String> streams =
        names.stream().filter(n -> n != null && !n.isEmpty()).distinct().toList();
    if (streams.size() > MAX_STREAMS) {
      throw ApiException.badRequest(
          streams.size() + " streams given; CloudWatch searches at most " + MAX_STREAMS);
    }
    streams.forEach(s -> checkStreamText("log stream name", s));
    return streams;
  }

  /** A log stream name prefix: empty or null means none; otherwise the stream name rules apply. */
  public static String streamPrefix(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      return null;
    }
    checkStreamText("prefix", prefix);
    return prefix;
  }

  /** A filter pattern: null or blank means none; at most 1,024 characters. */
  public static String filterPattern(String pattern) {
    if (pattern == null || pattern.isBlank()) {
      return null;
    }
    if (pattern.length() > MAX_FILTER_PATTERN) {
      throw ApiException.badRequest(
          "filterPattern is "
              + pattern.length()
              + " characters long; CloudWatch allows at most "
              + MAX_FILTER_PATTERN);
    }
    return pattern;
  }

  private static void checkGroupText(String what, String name) {
    if (name.length() > MAX_NAME) {
      throw tooLong(what, name);
    }
    if (!GROUP_CHARACTERS.matcher(name).matches()) {
      throw ApiException.badRequest(
          "the "
              + what
              + " "
              + shown(name)
              + " is not a CloudWatch log group name: use 1 to 512 of A-Z a-z 0-9 . - _ / #");
    }
  }

  private static void checkStreamText(String what, String name) {
    if (name.length() > MAX_NAME) {
      throw tooLong(what, name);
    }
    if (name.indexOf(':') >= 0 || name.indexOf('*') >= 0) {
      throw ApiException.badRequest(
          "the "
              + what
              + " "
              + shown(name)
              + " is not a CloudWatch log stream name: it may not contain ':' or '*'");
    }
  }

  private static ApiException tooLong(String what, String name) {
    return ApiException.badRequest(
        "the "
            + what
            + " is "
            + name.length()
            + " characters long; CloudWatch allows at most "
            + MAX_NAME);
  }

  /** A name as an error message quotes it: never at length. */
  static String shown(String name) {
    return "'" + (name.length() <= 64 ? name : name.substring(0, 64) + "…") + "'";
  }
}
