package io.etherwatch.inventory.domain;

import java.util.List;

/** One page of log groups; {@code nextToken} is null on the last page. */
public record LogGroupPage(List<LogGroup> logGroups, String nextToken) {}
