package io.etherwatch.ingest.domain;

import java.util.List;

/** One FilterLogEvents page, in timestamp order; {@code nextToken} is null on the last page. */
public record EventPage(List<FetchedEvent> events, String nextToken) {}
