package io.etherwatch.push.service;

import io.etherwatch.logevent.TopicNames;
import io.etherwatch.push.client.KafkaReaders;
import io.etherwatch.push.client.KafkaReaders.Range;
import io.etherwatch.push.client.LogCatalog;
import io.etherwatch.push.client.LogCatalog.CatalogUnavailableException;
import io.etherwatch.push.config.PushConfig;
import io.etherwatch.push.delivery.Outbox;
import io.etherwatch.push.delivery.Replayer;
import io.etherwatch.push.delivery.Subscription;
import io.etherwatch.push.delivery.SubscriptionTable;
import io.etherwatch.push.delivery.TopicFanout;
import io.etherwatch.push.domain.Caller;
import io.etherwatch.push.domain.Cursor;
import io.etherwatch.push.domain.FilterPattern;
import io.etherwatch.push.domain.Frames;
import io.etherwatch.push.domain.SubscriptionShape;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Opens and stops subscriptions for WebSocket and SSE clients alike: checks the request, the
 * caller's {@code lg} claim, the per-connection limit and that the group and streams exist, then
 * starts the subscription live or from the past.
 */
@ApplicationScoped
public class StreamService {
  private static final Logger LOG = Logger.getLogger(StreamService.class);
  private final SubscriptionTable table;
  private final LogCatalog catalog;
  private final TopicFanout fanout;
  private final Replayer replayer;
  private final Cursor cursors;
  private final KafkaReaders kafka;
  private final TopicNames topicNames;

  /** A LOG_STREAM_REQUEST (or SSE query) as received. */
  public record StreamRequest(
      String group, List<String> streams, String filterPattern, Long since, String resume) {}

  /** The answer to a request. */
  public sealed interface Outcome permits Accepted, Refused {}

  /** A new subscription (to {@link #start} after the reply is queued), or the existing one. */
  public record Accepted(
      Subscription subscription, boolean existing, Map<TopicPartition, Long> cursor, Long since)
      implements Outcome {}

  /** A refusal: {@code error} is not_found, forbidden, bad_request, limit or unavailable. */
  public record Refused(String error, String message) implements Outcome {}

  public StreamService(
      SubscriptionTable table,
      LogCatalog catalog,
      TopicFanout fanout,
      Replayer replayer,
      Cursor cursors,
      KafkaReaders kafka,
      PushConfig config) {
    this.table = table;
    this.catalog = catalog;
    this.fanout = fanout;
    this.replayer = replayer;
    this.cursors = cursors;
    this.kafka = kafka;
    this.topicNames = new TopicNames(config.topicPattern());
  }

  public Outcome open(
      Caller caller, String connectionId, Outbox outbox, StreamRequest request, int max) {
    String group = request.group();
    if (group == null || group.isBlank()) {
      return new Refused("bad_request", "logGroupName is required");
    }
    List<String> streams = request.streams() == null ? List.of() : request.streams();
    if (streams.stream().anyMatch(s -> s == null || s.isBlank())) {
      return new Refused("bad_request", "logStreamNames must be non-empty strings");
    }
    if (streams.size() > LogCatalog.MAX_STREAM_NAMES) {
      return new Refused(
          "limit",
          "at most "
              + LogCatalog.MAX_STREAM_NAMES
              + " logStreamNames per request, not "
              + streams.size());
    }
    if (group.length() > LogCatalog.MAX_NAME_LENGTH
        || streams.stream().anyMatch(s -> s.length() > LogCatalog.MAX_NAME_LENGTH)) {
      return new Refused(
          "bad_request",
          "log group and stream names have at most " + LogCatalog.MAX_NAME_LENGTH + " characters");
    }
    if (request.since() != null && request.since() < 0) {
      return new Refused("bad_request", "since must be epoch milliseconds");
    }
    if (request.since() != null && request.resume() != null) {
      return new Refused("bad_request", "give either since or resume, not both");
    }
    if (topicNames.perStream() && streams.isEmpty()) {
      return new Refused("bad_request", "topics are per stream here: name the logStreamNames");
    }
    FilterPattern filter;
    try {
      filter = FilterPattern.parse(request.filterPattern());
    } catch (IllegalArgumentException e) {
      return new Refused("bad_request", e.getMessage());
    }
    Set<String> topics = new LinkedHashSet<>();
    if (topicNames.perStream()) {
      streams.forEach(stream -> topics.add(topicNames.topic(group, stream)));
    } else {
      topics.add(topicNames.topic(group));
    }
    Map<TopicPartition, Long> cursor = null;
    if (request.resume() != null) {
      try {
        cursor = cursors.decode(request.resume());
      } catch (IllegalArgumentException e) {
        return new Refused("bad_request", e.getMessage());
      }
      if (!cursor.keySet().stream().allMatch(tp -> topics.contains(tp.topic()))) {
        return new Refused("bad_request", "resume is a cursor of another log group");
      }
    }
    if (!caller.mayRead(group)) {
      return new Refused("forbidden", "your token does not allow log group " + Frames.echo(group));
    }
    SubscriptionShape shape =
        new SubscriptionShape(
            group, Set.copyOf(streams), filter, request.since() == null ? 0 : request.since());
    Optional<Subscription> existing = table.find(connectionId, shape);
    if (existing.isPresent()) {
      return new Accepted(existing.get(), true, null, null);
    }
    if (table.count(connectionId) >= max) {
      return new Refused("limit", "at most " + max + " subscriptions per connection");
    }
    try {
      if (!catalog.groupExists(group)) {
        return new Refused("not_found", "no log group " + Frames.echo(group));
      }
      Optional<String> missing = catalog.firstMissingStream(group, streams);
      if (missing.isPresent()) {
        return new Refused(
            "not_found",
            "no log stream " + Frames.echo(missing.get()) + " in " + Frames.echo(group));
      }
    } catch (CatalogUnavailableException e) {
      return new Refused("unavailable", "CloudWatch Logs did not answer; try again");
    }
    if (cursor != null) {
      Optional<Refused> outside = outsideLog(cursor, topics);
      if (outside.isPresent()) {
        return outside.get();
      }
    }
    Subscription sub =
        new Subscription(
            "sub-" + UUID.randomUUID().toString().substring(0, 13),
            connectionId,
            shape,
            topics,
            outbox);
    if (!table.add(sub, max)) {
      return new Refused("limit", "at most " + max + " subscriptions per connection");
    }
    if (cursor != null || request.since() != null) {
      Optional<String> full = replayer.admit(sub, caller.subject());
      if (full.isPresent()) {
        table.remove(connectionId, sub.id());
        return new Refused("limit", full.get());
      }
    }
    return new Accepted(sub, false, cursor, request.since());
  }

  /**
   * Checks a cursor against what the log holds now: a partition the topic does not have, or an
   * offset past the end (the topic was re-created or emptied since the cursor was made) is refused;
   * an offset before the start is kept, and the replay answers it with GAP retention.
   */
  private Optional<Refused> outsideLog(Map<TopicPartition, Long> cursor, Set<String> topics) {
    Map<TopicPartition, Range> ranges;
    try {
      ranges = kafka.ranges(topics);
    } catch (KafkaReaders.UnavailableException e) {
      LOG.warnf("offsets of %s unknown: %s", topics, e.getCause());
      return Optional.of(new Refused("unavailable", "Kafka did not answer; try again"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of(new Refused("unavailable", "interrupted; try again"));
    }
    for (Map.Entry<TopicPartition, Long> position : cursor.entrySet()) {
      Range range = ranges.get(position.getKey());
      if (range == null) {
        return Optional.of(
            new Refused(
                "bad_request",
                "resume names a partition this log does not have (the log was re-created);"
                    + " subscribe without resume, or with since"));
      }
      if (position.getValue() > range.end()) {
        return Optional.of(
            new Refused(
                "bad_request",
                "resume is ahead of the end of this log (the log was re-created or emptied since);"
                    + " subscribe without resume, or with since"));
      }
    }
    return Optional.empty();
  }

  /**
   * Starts a new subscription: live now, or from its cursor or since through a replay. {@code
   * announce} (queueing the reply) runs before any event can be queued; for a live subscription,
   * once it has run, every event committed afterwards will be delivered.
   */
  public void start(Accepted accepted, Runnable announce) {
    Subscription sub = accepted.subscription();
    if (accepted.existing()) {
      announce.run();
    } else if (accepted.cursor() == null && accepted.since() == null) {
      fanout.attachLive(sub, announce);
    } else {
      announce.run();
      replayer.replay(sub, accepted.cursor(), accepted.since());
    }
  }

  /** Stops one subscription; false if the connection has no such subscription. */
  public boolean stop(String connectionId, String subscriptionId) {
    Optional<Subscription> removed = table.remove(connectionId, subscriptionId);
    removed.ifPresent(this::end);
    return removed.isPresent();
  }

  /** Stops every subscription of a connection that is gone. */
  public void closeAll(String connectionId) {
    table.removeAll(connectionId).forEach(this::end);
  }

  /** Stops the subscriptions {@code caller} may no longer read; returns their ids. */
  public List<String> stopDisallowed(String connectionId, Caller caller) {
    return table.of(connectionId).stream()
        .filter(sub -> !caller.mayRead(sub.group()))
        .filter(sub -> stop(connectionId, sub.id()))
        .map(Subscription::id)
        .toList();
  }

  private void end(Subscription sub) {
    sub.stop();
    replayer.release(sub);
    sub.outbox().forget(sub);
    fanout.detach(sub);
  }
}
