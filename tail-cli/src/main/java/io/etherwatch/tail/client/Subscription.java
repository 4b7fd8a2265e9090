package io.etherwatch.tail.client;

import java.util.List;
import java.util.OptionalLong;

/**
 * What to follow: a group, its streams (empty = all), a filter pattern (push-service's term syntax,
 * or null), and where to start: {@code since} (epoch ms; empty = live) or a {@code resume} cursor
 * (null = none).
 */
public record Subscription(
    String group, List<String> streams, String filter, OptionalLong since, String resume) {}
