package io.etherwatch.inventory.domain;

import java.util.List;

/** One page of a history search; {@code nextToken} is null when the search is done. */
public record LogEventPage(List<LogEventView> events, String nextToken) {}
