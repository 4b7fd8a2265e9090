package io.etherwatch.common.access;

import java.util.List;
import java.util.Objects;

/**
 * One pattern of a token's {@code lg} claim (DESIGN section 3): it matches whole log-group names,
 * {@code *} standing for any run of characters, {@code /} and the empty run included; every other
 * character is literal (no regex, no {@code ?}, no escapes). {@code *} alone matches every group; a
 * pattern without {@code *} matches only the group of that exact name. The one implementation that
 * inventory-service and push-service both call.
 *
 * <p>Matching takes each literal part at its first place after the previous one, which is exact for
 * patterns whose only wildcard is {@code *} and never backtracks, so a pattern full of stars cannot
 * make a check slow (a regex of {@code .*} runs can).
 */
public final class LogGroupPattern {
  private final String glob;
  private final List<String> parts;

  private LogGroupPattern(String glob) {
    this.glob = glob;
    this.parts = List.of(glob.split("\\*", -1));
  }

  /** The pattern {@code glob}; a null glob is refused with {@link NullPointerException}. */
  public static LogGroupPattern of(String glob) {
    return new LogGroupPattern(Objects.requireNonNull(glob, "glob"));
  }

  /** Whether {@code glob} matches the whole of {@code group}; a null group matches nothing. */
  public static boolean matches(String glob, String group) {
    return glob != null && of(glob).matches(group);
  }

  /** Whether this pattern matches the whole of {@code group}; a null group matches nothing. */
  public boolean matches(String group) {
    if (group == null) {
      return false;
    }
    if (parts.size() == 1) {
      return glob.equals(group);
    }
    String first = parts.get(0);
    String last = parts.get(parts.size() - 1);
    if (!group.startsWith(first)) {
      return false;
    }
    int from = first.length();
    for (int i = 1; i < parts.size() - 1; i++) {
      int at = group.indexOf(parts.get(i), from);
      if (at < 0) {
        return false;
      }
      from = at + parts.get(i).length();
    }
    return group.length() - last.length() >= from && group.endsWith(last);
  }

  /**
   * The literal text before the first {@code *} (the whole pattern when it has none): every group
   * this pattern matches starts with it, so it can narrow a listing by name prefix.
   */
  public String literalPrefix() {
    return parts.get(0);
  }

  /** The pattern as written. */
  @Override
  public String toString() {
    return glob;
  }
}
