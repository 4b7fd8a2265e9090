package io.etherwatch.ingest.client;

import io.etherwatch.ingest.config.IngestConfig;
import io.etherwatch.ingest.domain.EventPage;
import io.etherwatch.ingest.domain.FetchedEvent;
import io.etherwatch.ingest.domain.LogGroupInfo;
import io.etherwatch.ingest.metrics.IngestMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ThrottlingException;

/**
 * Every CloudWatch Logs call of the service: each one waits for the shared budget, is counted, and
 * is retried after a ThrottlingException with exponential backoff and jitter. The rest of the
 * service sees only the project's records.
 */
@ApplicationScoped
public class CloudWatchLogsGateway {
  private static final Logger LOG = Logger.getLogger(CloudWatchLogsGateway.class);
  private static final int DESCRIBE_PAGE = 50;

  private final CloudWatchLogsClient logs;
  private final CallBudget budget;
  private final IngestMetrics metrics;
  private final Backoff backoff;
  private volatile long lastAnswer;

  public CloudWatchLogsGateway(
      CloudWatchLogsClient logs, CallBudget budget, IngestMetrics metrics, IngestConfig config) {
    this.logs = logs;
    this.budget = budget;
    this.metrics = metrics;
    this.backoff =
        new Backoff(
            config.budget().backoffInitial(),
            config.budget().backoffMax(),
            () -> ThreadLocalRandom.current().nextDouble());
  }

  /** Every log group, all pages. */
  public List<LogGroupInfo> describeGroups() throws InterruptedException {
    return describeGroups(null);
  }

  /**
   * The log groups whose name starts with {@code prefix} (null: every group), all pages of 50: one
   * call per page, so a prefix that selects few groups of a large account costs one call.
   */
  public List<LogGroupInfo> describeGroups(String prefix) throws InterruptedException {
    return describeGroups(prefix, CallBudget.Priority.REGULAR, "discovery");
  }

  /**
   * The same with the budget's {@code priority}; {@code read} labels the calls in the cost metrics
   * ({@code discovery}, or {@code watched} for a watched group looked up by its name).
   */
  public List<LogGroupInfo> describeGroups(String prefix, CallBudget.Priority priority, String read)
      throws InterruptedException {
    List<LogGroupInfo> groups = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      DescribeLogGroupsResponse page =
          call(
              "DescribeLogGroups",
              read,
              priority,
              () ->
                  logs.describeLogGroups(
                      b -> b.limit(DESCRIBE_PAGE).logGroupNamePrefix(prefix).nextToken(next)));
      page.logGroups()
          .forEach(
              g ->
                  groups.add(
                      new LogGroupInfo(
                          g.logGroupName(), g.creationTime() == null ? 0 : g.creationTime())));
      token = page.nextToken();
    } while (token != null);
    return groups;
  }

  /**
   * One FilterLogEvents page of {@code group} across all its streams, events from {@code startTime}
   * to {@code endTime} (both inclusive; null: up to now) in timestamp order; a group that no longer
   * exists gives an empty page.
   *
   * @param read {@code frequent}, {@code sweep} or {@code late-sweep}, for the cost metrics
   * @param priority the budget's line: {@code WATCHED} first, {@code SPARE} only what nobody needs
   */
  public EventPage filter(
      String group,
      long startTime,
      Long endTime,
      String nextToken,
      int limit,
      String read,
      CallBudget.Priority priority)
      throws InterruptedException {
    FilterLogEventsResponse page;
    try {
      page =
          call(
              "FilterLogEvents",
              read,
              priority,
              () ->
                  logs.filterLogEvents(
                      b ->
                          b.logGroupName(group)
                              .startTime(startTime)
                              .endTime(endTime)
                              .interleaved(true)
                              .limit(limit)
                              .nextToken(nextToken)));
    } catch (ResourceNotFoundException e) {
      return new EventPage(List.of(), null);
    }
    List<FetchedEvent> events = new ArrayList<>(page.events().size());
    page.events()
        .forEach(
            e ->
                events.add(
                    new FetchedEvent(
                        e.eventId(),
                        e.logStreamName(),
                        e.timestamp(),
                        e.ingestionTime(),
                        e.message())));
    return new EventPage(events, page.nextToken());
  }

  /** A cheap call that proves AWS answers (readiness). */
  public void probe() throws InterruptedException {
    call("DescribeLogGroups", "none", () -> logs.describeLogGroups(b -> b.limit(1)));
  }

  /** Milliseconds since epoch of the last answer from AWS (a throttle is an answer), or 0. */
  public long lastAnswer() {
    return lastAnswer;
  }

  private <T> T call(String operation, String read, Supplier<T> request)
      throws InterruptedException {
    return call(operation, read, CallBudget.Priority.REGULAR, request);
  }

  private <T> T call(
      String operation, String read, CallBudget.Priority priority, Supplier<T> request)
      throws InterruptedException {
    for (int attempt = 0; ; attempt++) {
      budget.acquire(priority);
      metrics.apiCall(operation, read);
      try {
        T response = request.get();
        lastAnswer = System.currentTimeMillis();
        return response;
      } catch (SdkServiceException e) {
        if (!isThrottling(e)) {
          if (e instanceof ResourceNotFoundException) {
            throw e;
          }
          throw new AwsCallFailedException(operation + " failed: " + e.getMessage(), e);
        }
        lastAnswer = System.currentTimeMillis();
        metrics.throttled(operation);
        long wait = backoff.delay(attempt).toMillis();
        LOG.debugf("%s throttled (attempt %d), retrying in %d ms", operation, attempt + 1, wait);
        Thread.sleep(wait);
      } catch (SdkException e) {
        throw new AwsCallFailedException(operation + " failed: " + e.getMessage(), e);
      }
    }
  }

  private static boolean isThrottling(SdkServiceException e) {
    return e instanceof ThrottlingException || e.isThrottlingException();
  }
}
