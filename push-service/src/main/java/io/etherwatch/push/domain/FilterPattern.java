package io.etherwatch.push.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * CloudWatch Logs' plain term syntax for unstructured messages: every term must appear ({@code
 * ERROR timeout}), {@code -term} must not appear, {@code ?a ?b} needs at least one of the {@code ?}
 * terms, and double quotes make a phrase one term ({@code "connection reset"}, {@code -"GET
 * /health"}). Matching is a case-sensitive substring test, as in CloudWatch. JSON ({@code { $.x
 * ...}}) and space-delimited ({@code [a, b]}) patterns are refused rather than silently matching
 * everything.
 */
public final class FilterPattern {
  private static final FilterPattern ALL = new FilterPattern("", List.of(), List.of(), List.of());

  private final String text;
  private final List<String> required;
  private final List<String> excluded;
  private final List<String> anyOf;

  private FilterPattern(
      String text, List<String> required, List<String> excluded, List<String> anyOf) {
    this.text = text;
    this.required = required;
    this.excluded = excluded;
    this.anyOf = anyOf;
  }

  /** Parses a pattern; null or blank matches every event. */
  public static FilterPattern parse(String pattern) {
    if (pattern == null || pattern.isBlank()) {
      return ALL;
    }
    String text = pattern.strip();
    if (text.startsWith("{") || text.startsWith("[")) {
      throw new IllegalArgumentException(
          "only plain term patterns are supported (terms, -term, ?term, \"quoted phrase\")");
    }
    List<String> required = new ArrayList<>();
    List<String> excluded = new ArrayList<>();
    List<String> anyOf = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      List<String> target = required;
      if ((c == '-' || c == '?') && i + 1 < text.length()) {
        target = c == '-' ? excluded : anyOf;
        i++;
        c = text.charAt(i);
      }
      String term;
      if (c == '"') {
        int close = text.indexOf('"', i + 1);
        if (close < 0) {
          throw new IllegalArgumentException("unterminated quoted phrase in filter pattern");
        }
        term = text.substring(i + 1, close);
        i = close + 1;
      } else {
        int end = i;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
          end++;
        }
        term = text.substring(i, end);
        i = end;
      }
      if (!term.isEmpty()) {
        target.add(term);
      }
    }
    return new FilterPattern(
        text, List.copyOf(required), List.copyOf(excluded), List.copyOf(anyOf));
  }

  public boolean matches(String message) {
    String m = message == null ? "" : message;
    for (String term : required) {
      if (!m.contains(term)) {
        return false;
      }
    }
    for (String term : excluded) {
      if (m.contains(term)) {
        return false;
      }
    }
    if (anyOf.isEmpty()) {
      return true;
    }
    for (String term : anyOf) {
      if (m.contains(term)) {
        return true;
      }
    }
    return false;
  }

  /** The pattern as given (stripped), "" for match-all. */
  public String text() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FilterPattern other && text.equals(other.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }
}
