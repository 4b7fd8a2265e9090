package io.etherwatch.ingest.service;

import java.util.List;

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
}
