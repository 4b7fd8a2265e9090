package io.etherwatch.push.service;

import java.util.List;

/**
 * Who a verified access token speaks for: its subject, the log-group patterns of its {@code lg}
 * claim ({@code *} wildcards) and when it expires (epoch seconds).
 */
public record Caller(String subject, List<String> logGroupPatterns, long expiresAt) {

  /** Whether the token's {@code lg} claim allows reading {@code group}. */
  public boolean mayRead(String group) {
    return logGroupPatterns.stream().anyMatch(pattern -> matches(pattern, group));
  }

  static boolean matches(String pattern, String value) {
    String[] parts = pattern.split("\\*", -1);
    if (parts.length == 1) {
      return pattern.equals(value);
    }
    if (!value.startsWith(parts[0])) {
      return false;
    }
    int from = parts[0].length();
    for (int i = 1; i < parts.length - 1; i++) {
      int at = value.indexOf(parts[i], from);
      if (at < 0) {
        return false;
      }
      from = at + parts[i].length();
    }
    String last = parts[parts.length - 1];
    return value.length() - last.length() >= from && value.endsWith(last);
  }
}
