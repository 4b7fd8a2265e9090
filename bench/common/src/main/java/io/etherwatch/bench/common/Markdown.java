package io.etherwatch.bench.common;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The pieces the sections of {@code bench/results/*.md} are made of: the line naming the run's date
 * and machine, and GitHub-flavoured markdown tables (cells are {@link String#valueOf}).
 */
public final class Markdown {
  private Markdown() {}

  /**
   * {@code Run <date> on <cpus> CPUs, <os>, <jvm>}: the fields of {@link Machine#describe()}; each
   * section goes on with its own settings.
   */
  public static String runOn(Object date, Map<String, Object> machine) {
    return "Run "
        + date
        + " on "
        + machine.get("cpus")
        + " CPUs, "
        + machine.get("os")
        + ", "
        + machine.get("jvm");
  }

  /** A table's header row and its separator row. */
  public static void header(StringBuilder md, String... columns) {
    row(md, (Object[]) columns);
    md.append("|").append("---|".repeat(columns.length)).append("\n");
  }

  /** One table row. */
  public static void row(StringBuilder md, Object... cells) {
    md.append("| ")
        .append(Arrays.stream(cells).map(String::valueOf).collect(Collectors.joining(" | ")))
        .append(" |\n");
  }

  /** The values joined by {@code " / "}, as in {@code p50 / p99 / max}. */
  public static String slash(Object... values) {
    return Arrays.stream(values).map(String::valueOf).collect(Collectors.joining(" / "));
  }
}
