package io.etherwatch.push.client;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.etherwatch.push.config.PushConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * Whether a log group or stream exists, asked of CloudWatch Logs by exact name (one
 * DescribeLogGroups or DescribeLogStreams call per name) and remembered for {@code
 * existence-cache-ttl} in a Caffeine cache of at most {@code existence-cache-size} names.
 * Concurrent questions about one name share one call (a burst of subscribers makes one AWS call); a
 * failed call is not remembered. Those calls count against the account's Describe* quota, which
 * inventory-service and log-ingest-service share.
 */
@ApplicationScoped
public class LogCatalog {
  /**
   * Most stream names one request may give: FilterLogEvents' own limit for {@code logStreamNames}
   * (CloudWatch Logs API reference), and so the most existence calls one request can cause.
   */
  public static final int MAX_STREAM_NAMES = 100;

  /** Longest log group or stream name CloudWatch Logs allows (CloudWatch Logs API reference). */
  public static final int MAX_NAME_LENGTH = 512;

  private final CloudWatchLogsClient logs;
  private final AsyncCache<String, Boolean> cache;

  /** CloudWatch could not answer (throttled, unreachable, denied). */
  public static class CatalogUnavailableException extends RuntimeException {
    CatalogUnavailableException(Throwable cause) {
      super("CloudWatch Logs did not answer: " + cause.getClass().getSimpleName(), cause);
    }
  }

  public LogCatalog(CloudWatchLogsClient logs, PushConfig config) {
    this.logs = logs;
    this.cache =
        Caffeine.newBuilder()
            .expireAfterWrite(config.existenceCacheTtl())
            .maximumSize(config.existenceCacheSize())
            .executor(Runnable::run)
            .buildAsync();
  }

  public boolean groupExists(String group) {
    return cached("g\n" + group, () -> describeGroup(group));
  }

  /**
   * The first of {@code streams} (in order) that does not exist in {@code group}; the names after
   * it are not asked about. Callers keep {@code streams} to {@link #MAX_STREAM_NAMES}.
   */
  public Optional<String> firstMissingStream(String group, List<String> streams) {
    for (String stream : streams) {
      if (!cached("s\n" + group + "\n" + stream, () -> describeStream(group, stream))) {
        return Optional.of(stream);
      }
    }
    return Optional.empty();
  }

  private boolean cached(String key, BooleanSupplier ask) {
    CompletableFuture<Boolean> mine = new CompletableFuture<>();
    CompletableFuture<Boolean> shared = cache.asMap().putIfAbsent(key, mine);
    if (shared == null) {
      shared = mine;
      // Asked on the caller's thread, outside the cache's locks; a failure completes the future
      // exceptionally, which removes it from the cache.
      try {
        mine.complete(ask.getAsBoolean());
      } catch (RuntimeException e) {
        mine.completeExceptionally(e);
      }
    }
    try {
      return shared.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof CatalogUnavailableException u
          ? u
          : new CatalogUnavailableException(e.getCause());
    }
  }

  // Groups come sorted by name, so an exact name is the first of its own prefix.
  private boolean describeGroup(String group) {
    try {
      List<LogGroup> groups =
          logs.describeLogGroups(r -> r.logGroupNamePrefix(group).limit(1)).logGroups();
      return !groups.isEmpty() && group.equals(groups.get(0).logGroupName());
    } catch (SdkException e) {
      throw new CatalogUnavailableException(e);
    }
  }

  private boolean describeStream(String group, String stream) {
    try {
      List<LogStream> streams =
          logs.describeLogStreams(r -> r.logGroupName(group).logStreamNamePrefix(stream).limit(1))
              .logStreams();
      return !streams.isEmpty() && stream.equals(streams.get(0).logStreamName());
    } catch (ResourceNotFoundException e) {
      return false;
    } catch (SdkException e) {
      throw new CatalogUnavailableException(e);
    }
  }
}
