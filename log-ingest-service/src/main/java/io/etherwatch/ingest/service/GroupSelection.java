package io.etherwatch.ingest.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Which log groups to follow: exact names, or prefixes written with a trailing {@code *}. */
public record GroupSelection(List<String> patterns) {

  public GroupSelection {
    patterns = List.copyOf(patterns);
  }

  public boolean matches(String group) {
    for (String pattern : patterns) {
      String p = pattern.trim();
      if (p.endsWith("*") ? group.startsWith(p.substring(0, p.length() - 1)) : group.equals(p)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The name prefixes that cover the selection, for DescribeLogGroups' {@code logGroupNamePrefix}
   * (an exact name is its own prefix; a prefix inside a shorter one is dropped), or empty when a
   * pattern selects every group ({@code *}): then one unfiltered listing is cheapest.
   */
  public Optional<List<String>> prefixes() {
    TreeSet<String> sorted = new TreeSet<>();
    for (String pattern : patterns) {
      String p = pattern.trim();
      String prefix = p.endsWith("*") ? p.substring(0, p.length() - 1) : p;
      if (prefix.isEmpty()) {
        return Optional.empty();
      }
      sorted.add(prefix);
    }
    List<String> covering = new ArrayList<>();
    for (String prefix : sorted) {
      if (covering.isEmpty() || !prefix.startsWith(covering.get(covering.size() - 1))) {
        covering.add(prefix);
      }
    }
    return Optional.of(covering);
  }
}
