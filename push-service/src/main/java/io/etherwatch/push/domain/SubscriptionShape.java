package io.etherwatch.push.domain;

import io.etherwatch.logevent.LogEvent;
import java.util.Set;

/**
 * What a LOG_STREAM_REQUEST selects (DESIGN section 6): one log group, some or all of its streams
 * (empty = all), a filter pattern, and {@code notBefore}, the request's {@code since} in epoch
 * milliseconds (else 0). Equal shapes share rendered frames.
 */
public record SubscriptionShape(
    String group, Set<String> streams, FilterPattern filter, long notBefore) {
  public boolean wants(LogEvent event) {
    return group.equals(event.logGroupName())
        && event.timestamp() >= notBefore
        && (streams.isEmpty() || streams.contains(event.logStreamName()))
        && filter.matches(event.message());
  }
}
