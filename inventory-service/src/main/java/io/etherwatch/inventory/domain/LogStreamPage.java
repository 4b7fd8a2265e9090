package io.etherwatch.inventory.domain;

import java.util.List;

/** One page of log streams; {@code nextToken} is null on the last page. */
public record LogStreamPage(List<LogStream> logStreams, String nextToken) {}
