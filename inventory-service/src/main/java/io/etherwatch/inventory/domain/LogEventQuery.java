package io.etherwatch.inventory.domain;

import java.util.List;

/** A FilterLogEvents page; null fields do not narrow. Times are epoch milliseconds, inclusive. */
public record LogEventQuery(
    String group,
    List<String> streams,
    Long start,
    Long end,
    String filterPattern,
    Integer limit,
    String nextToken) {}
