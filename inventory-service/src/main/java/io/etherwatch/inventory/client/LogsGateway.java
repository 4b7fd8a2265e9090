package io.etherwatch.inventory.client;

import io.etherwatch.inventory.domain.LogEventPage;
import io.etherwatch.inventory.domain.LogEventQuery;
import io.etherwatch.inventory.domain.LogEventView;
import io.etherwatch.inventory.domain.LogGroup;
import io.etherwatch.inventory.domain.LogGroupPage;
import io.etherwatch.inventory.domain.LogStream;
import io.etherwatch.inventory.domain.LogStreamPage;
import io.etherwatch.inventory.domain.LogStreamQuery;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogStreamsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogStreamsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.OrderBy;

/** One page at a time of DescribeLogGroups, DescribeLogStreams and FilterLogEvents. */
@Singleton
public class LogsGateway {
  static final String DESCRIBE_LOG_GROUPS = "logs:DescribeLogGroups";
  static final String DESCRIBE_LOG_STREAMS = "logs:DescribeLogStreams";
  static final String FILTER_LOG_EVENTS = "logs:FilterLogEvents";

  private final CloudWatchLogsClient logs;

  LogsGateway(CloudWatchLogsClient logs) {
    this.logs = logs;
  }

  public LogGroupPage groups(String prefix, String nextToken, int limit) {
    DescribeLogGroupsRequest request =
        DescribeLogGroupsRequest.builder()
            .logGroupNamePrefix(blankToNull(prefix))
            .nextToken(blankToNull(nextToken))
            .limit(limit)
            .build();
    DescribeLogGroupsResponse response =
        AwsCalls.call(DESCRIBE_LOG_GROUPS, () -> logs.describeLogGroups(request));
    return new LogGroupPage(
        response.logGroups().stream()
            .map(
                g ->
                    new LogGroup(
                        g.logGroupName(),
                        g.arn(),
                        g.storedBytes(),
                        g.creationTime(),
                        g.retentionInDays()))
            .toList(),
        blankToNull(response.nextToken()));
  }

  /** A page of streams; an unknown group fails with {@code NOT_FOUND}. */
  public LogStreamPage streams(LogStreamQuery query) {
    DescribeLogStreamsRequest.Builder request =
        DescribeLogStreamsRequest.builder()
            .logGroupName(query.group())
            .logStreamNamePrefix(blankToNull(query.prefix()))
            .nextToken(blankToNull(query.nextToken()))
            .limit(query.limit());
    if (query.byLastEventTime()) {
      request.orderBy(OrderBy.LAST_EVENT_TIME).descending(true);
    }
    DescribeLogStreamsResponse response =
        AwsCalls.call(DESCRIBE_LOG_STREAMS, () -> logs.describeLogStreams(request.build()));
    return new LogStreamPage(
        response.logStreams().stream()
            .map(
                s ->
                    new LogStream(
                        s.logStreamName(),
                        s.creationTime(),
                        s.firstEventTimestamp(),
                        s.lastEventTimestamp(),
                        s.lastIngestionTime(),
                        s.storedBytes()))
            .toList(),
        blankToNull(response.nextToken()));
  }

  /** A page of a history search, events interleaved across streams by time. */
  public LogEventPage events(LogEventQuery query) {
    FilterLogEventsRequest.Builder request =
        FilterLogEventsRequest.builder()
            .logGroupName(query.group())
            .startTime(query.start())
            .endTime(query.end())
            .filterPattern(blankToNull(query.filterPattern()))
            .limit(query.limit())
            .nextToken(blankToNull(query.nextToken()))
            // AWS always interleaves; moto groups events by stream unless asked.
            .interleaved(true);
    if (query.streams() != null && !query.streams().isEmpty()) {
      request.logStreamNames(query.streams());
    }
    FilterLogEventsResponse response =
        AwsCalls.call(FILTER_LOG_EVENTS, () -> logs.filterLogEvents(request.build()));
    return new LogEventPage(
        response.events().stream()
            .map(
                e ->
                    new LogEventView(
                        e.eventId(),
                        query.group(),
                        e.logStreamName(),
                        e.timestamp(),
                        e.ingestionTime(),
                        e.message()))
            .toList(),
        blankToNull(response.nextToken()));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
