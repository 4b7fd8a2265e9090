package io.etherwatch.push.domain;

import io.etherwatch.common.access.LogGroupPattern;
import java.util.List;

/**
 * Who a verified access token speaks for: its subject, the log-group patterns of its {@code lg}
 * claim ({@code *} wildcards) and when it expires (epoch seconds).
 */
public record Caller(String subject, List<String> logGroupPatterns, long expiresAt) {

  /** Whether the token's {@code lg} claim allows reading {@code group}. */
  public boolean mayRead(String group) {
    return logGroupPatterns.stream().anyMatch(pattern -> LogGroupPattern.matches(pattern, group));
  }
}
