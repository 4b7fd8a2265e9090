package io.etherwatch.inventory.service;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The log groups a token's {@code lg} claim lets its holder read: each pattern matches whole group
 * names, {@code *} standing for any run of characters ({@code /} included). No pattern, no group.
 */
public final class LogGroupAccess {
  private final List<Pattern> patterns;

  private LogGroupAccess(List<Pattern> patterns) {
    this.patterns = patterns;
  }

  public static LogGroupAccess of(Collection<String> lgPatterns) {
    return new LogGroupAccess(
        lgPatterns == null ? List.of() : lgPatterns.stream().map(LogGroupAccess::compile).toList());
  }

  public boolean allows(String group) {
    return group != null && patterns.stream().anyMatch(p -> p.matcher(group).matches());
  }

  private static Pattern compile(String glob) {
    StringBuilder regex = new StringBuilder();
    for (String literal : glob.split("\\*", -1)) {
      if (!regex.isEmpty()) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(literal));
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
