package io.etherwatch.inventory.service;

import io.etherwatch.common.access.LogGroupPattern;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The log groups a token's {@code lg} claim lets its holder read: each pattern matches whole group
 * names as service-common's {@link LogGroupPattern} says ({@code *} standing for any run of
 * characters, {@code /} included). No pattern, no group.
 */
public final class LogGroupAccess {
  private final List<LogGroupPattern> patterns;
  private final String commonStart;

  private LogGroupAccess(List<String> globs) {
    this.patterns = globs.stream().map(LogGroupPattern::of).toList();
    this.commonStart = commonStart(patterns);
  }

  public static LogGroupAccess of(Collection<String> lgPatterns) {
    return new LogGroupAccess(
        lgPatterns == null ? List.of() : lgPatterns.stream().filter(Objects::nonNull).toList());
  }

  /**
   * The name prefix to ask AWS for, given the caller's own: the longer of the two when one extends
   * the other (every allowed group starts with the literal text the patterns share), or empty when
   * no allowed group can have the caller's prefix. Narrowing at AWS saves pages of groups that the
   * filter would drop anyway.
   */
  public Optional<String> narrow(String requestedPrefix) {
    if (patterns.isEmpty()) {
      return Optional.empty();
    }
    String requested = requestedPrefix == null ? "" : requestedPrefix;
    if (requested.startsWith(commonStart)) {
      return Optional.of(requested);
    }
    if (commonStart.startsWith(requested)) {
      return Optional.of(commonStart);
    }
    return Optional.empty();
  }

  public boolean allows(String group) {
    return group != null && patterns.stream().anyMatch(p -> p.matches(group));
  }

  private static String commonStart(List<LogGroupPattern> patterns) {
    String common = null;
    for (LogGroupPattern pattern : patterns) {
      String literal = pattern.literalPrefix();
      if (common == null) {
        common = literal;
      } else {
        int i = 0;
        while (i < common.length()
            && i < literal.length()
            && common.charAt(i) == literal.charAt(i)) {
          i++;
        }
        common = common.substring(0, i);
      }
    }
    return common == null ? "" : common;
  }
}
