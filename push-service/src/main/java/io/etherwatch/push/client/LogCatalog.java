package io.etherwatch.push.client;

import io.etherwatch.push.config.PushConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * Whether a log group or stream exists, asked of CloudWatch Logs by exact name and remembered for a
 * few seconds; concurrent questions about one name share one call (a burst of subscribers makes one
 * AWS call).
 */
@ApplicationScoped
public class LogCatalog {
  private final CloudWatchLogsClient logs;
  private final long ttlMillis;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  private record Entry(long expiresAt, CompletableFuture<Boolean> exists) {}

  /** CloudWatch could not answer (throttled, unreachable, denied). */
  public static class CatalogUnavailableException extends RuntimeException {
    CatalogUnavailableException(Throwable cause) {
      super("CloudWatch Logs did not answer: " + cause.getClass().getSimpleName(), cause);
    }
  }

  public LogCatalog(CloudWatchLogsClient logs, PushConfig config) {
    this.logs = logs;
    this.ttlMillis = config.existenceCacheTtl().toMillis();
  }

  public boolean groupExists(String group) {
    return cached("g\n" + group, () -> describeGroup(group));
  }

  /** The streams of {@code streams} that do not exist in {@code group}. */
  public List<String> missingStreams(String group, List<String> streams) {
    return streams.stream()
        .filter(
            stream -> !cached("s\n" + group + "\n" + stream, () -> describeStream(group, stream)))
        .toList();
  }

  private boolean cached(String key, java.util.function.BooleanSupplier ask) {
    long now = System.currentTimeMillis();
    CompletableFuture<Boolean> mine = new CompletableFuture<>();
    Entry entry =
        cache.compute(
            key,
            (k, old) ->
                old != null && old.expiresAt() > now && !old.exists().isCompletedExceptionally()
                    ? old
                    : new Entry(now + ttlMillis, mine));
    if (entry.exists() == mine) {
      try {
        mine.complete(ask.getAsBoolean());
      } catch (RuntimeException e) {
        mine.completeExceptionally(e);
        cache.remove(key, entry);
      }
    }
    try {
      return entry.exists().join();
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
