package io.etherwatch.push.delivery;

import io.etherwatch.push.domain.Frames;
import io.etherwatch.push.domain.SubscriptionShape;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * One client's interest in a log group (some or all of its streams, optionally filtered), where it
 * stands in Kafka, and the outbox its frames go to. Positions belong to the thread that reads for
 * it: a replay until it hands the subscription to the live reader, then the live reader.
 */
public final class Subscription {
  private final String id;
  private final byte[] eventsHead;
  private final String connectionId;
  private final SubscriptionShape shape;
  private final Set<String> topics;
  private final Outbox outbox;
  private final Map<TopicPartition, Long> positions = new HashMap<>();
  private volatile boolean stopped;

  public Subscription(
      String id, String connectionId, SubscriptionShape shape, Set<String> topics, Outbox outbox) {
    this.id = id;
    this.eventsHead = Frames.logEventsHead(id);
    this.connectionId = connectionId;
    this.shape = shape;
    this.topics = Set.copyOf(topics);
    this.outbox = outbox;
  }

  public String id() {
    return id;
  }

  /** The first part of this subscription's LOG_EVENTS frames (UTF-8), made once. */
  byte[] eventsHead() {
    return eventsHead;
  }

  public String connectionId() {
    return connectionId;
  }

  public SubscriptionShape shape() {
    return shape;
  }

  public String group() {
    return shape.group();
  }

  public Set<String> topics() {
    return topics;
  }

  public Outbox outbox() {
    return outbox;
  }

  /** Next offset to deliver per partition; read and written only by the reading thread. */
  Map<TopicPartition, Long> positions() {
    return positions;
  }

  public boolean stopped() {
    return stopped;
  }

  public void stop() {
    stopped = true;
  }
}
