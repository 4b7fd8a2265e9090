package io.etherwatch.inventory.service;

import io.etherwatch.common.rest.ApiException;
import io.etherwatch.inventory.client.AwsCallException;
import io.etherwatch.inventory.client.LogsGateway;
import io.etherwatch.inventory.config.InventoryConfig;
import io.etherwatch.inventory.domain.LogEventPage;
import io.etherwatch.inventory.domain.LogEventQuery;
import io.etherwatch.inventory.domain.LogGroupPage;
import io.etherwatch.inventory.domain.LogStreamPage;
import io.etherwatch.inventory.domain.LogStreamQuery;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Log groups, streams and history searches as the caller's {@code lg} claim allows them. Pages of
 * AWS answers are cached for every caller; each caller's view is filtered from them.
 */
@Singleton
public class LogDirectory {
  public static final int MAX_EVENTS = 10_000;
  private static final String ORDER_BY_NAME = "LogStreamName";
  private static final String ORDER_BY_TIME = "LastEventTime";

  private final LogsGateway logs;
  private final int pageSize;
  private final ShortCache.Region<GroupsKey, LogGroupPage> groups;
  private final ShortCache.Region<LogStreamQuery, LogStreamPage> streams;
  private final ShortCache.Region<LogEventQuery, LogEventPage> events;

  LogDirectory(LogsGateway logs, InventoryConfig config, AwsCaches caches) {
    this.logs = logs;
    this.pageSize = Math.max(1, Math.min(50, config.logPageSize()));
    this.groups = caches.region("log-groups", CacheWeights::groups);
    this.streams = caches.region("log-streams", CacheWeights::streams);
    this.events = caches.region("log-events", CacheWeights::events);
  }

  /**
   * One page of groups, without those the caller may not read; the page may hold fewer groups than
   * AWS returned (even none) while {@code nextToken} still leads on. AWS is asked only for names
   * that start as the caller's patterns do, and not at all when none can match.
   */
  public LogGroupPage groups(LogGroupAccess access, String prefix, String nextToken) {
    Optional<String> narrowed = access.narrow(LogNames.groupPrefix(prefix));
    if (narrowed.isEmpty()) {
      // No page of this query ever had a token: any token given is not one of ours.
      PageTokens.unwrap(PageTokens.query("groups, none allowed"), nextToken);
      return new LogGroupPage(List.of(), null);
    }
    String scope = PageTokens.query("groups", narrowed.get());
    GroupsKey key = new GroupsKey(narrowed.get(), PageTokens.unwrap(scope, nextToken));
    LogGroupPage page = groups.get(key, () -> logs.groups(key.prefix(), key.nextToken(), pageSize));
    return new LogGroupPage(
        page.logGroups().stream().filter(g -> access.allows(g.logGroupName())).toList(),
        PageTokens.wrap(scope, page.nextToken()));
  }

  public LogStreamPage streams(
      LogGroupAccess access, String group, String prefix, String orderBy, String nextToken) {
    authorize(access, group);
    String namePrefix = LogNames.streamPrefix(prefix);
    boolean byTime;
    if (orderBy == null || orderBy.isBlank() || ORDER_BY_NAME.equals(orderBy)) {
      byTime = false;
    } else if (ORDER_BY_TIME.equals(orderBy)) {
      byTime = true;
    } else {
      throw ApiException.badRequest(
          "orderBy '" + orderBy + "' is unknown: use LogStreamName or LastEventTime");
    }
    if (byTime && namePrefix != null) {
      throw ApiException.badRequest(
          "prefix cannot be combined with orderBy=LastEventTime (CloudWatch Logs refuses it)");
    }
    String scope = PageTokens.query("streams", group, namePrefix, byTime);
    LogStreamQuery query =
        new LogStreamQuery(
            group, namePrefix, byTime, PageTokens.unwrap(scope, nextToken), pageSize);
    LogStreamPage page = knownGroup(group, () -> streams.get(query, () -> logs.streams(query)));
    return new LogStreamPage(page.logStreams(), PageTokens.wrap(scope, page.nextToken()));
  }

  /**
   * One page of a history search. The query's stream names and filter pattern are checked against
   * CloudWatch's rules here; its {@code nextToken} is the client's (wrapped) one.
   */
  public LogEventPage events(LogGroupAccess access, LogEventQuery request) {
    authorize(access, request.group());
    List<String> streamNames = LogNames.streams(request.streams());
    String pattern = LogNames.filterPattern(request.filterPattern());
    if (request.start() != null && request.end() != null && request.start() > request.end()) {
      throw ApiException.badRequest("start must not be after end");
    }
    if (request.limit() != null && (request.limit() < 1 || request.limit() > MAX_EVENTS)) {
      throw ApiException.badRequest(
          "limit " + request.limit() + " is out of range: use 1 to " + MAX_EVENTS);
    }
    String scope =
        PageTokens.query(
            "events",
            request.group(),
            streamNames.size(),
            String.join("\u0000", streamNames),
            request.start(),
            request.end(),
            pattern);
    LogEventQuery query =
        new LogEventQuery(
            request.group(),
            streamNames,
            request.start(),
            request.end(),
            pattern,
            request.limit(),
            PageTokens.unwrap(scope, request.nextToken()));
    LogEventPage page =
        knownGroup(query.group(), () -> events.get(query, () -> logs.events(query)));
    return new LogEventPage(page.events(), PageTokens.wrap(scope, page.nextToken()));
  }

  private static void authorize(LogGroupAccess access, String group) {
    LogNames.group(group);
    if (!access.allows(group)) {
      throw ApiException.forbidden("your token does not allow log group '" + group + "'");
    }
  }

  private static <T> T knownGroup(String group, Supplier<T> call) {
    try {
      return call.get();
    } catch (AwsCallException e) {
      if (e.kind() == AwsCallException.Kind.NOT_FOUND) {
        throw ApiException.notFound("log group '" + group + "' does not exist");
      }
      throw e;
    }
  }

  private record GroupsKey(String prefix, String nextToken) {}
}
