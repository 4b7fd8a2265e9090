package io.etherwatch.push.config;

import io.etherwatch.logevent.WatchedGroup;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How push-service serves subscribers (DESIGN section 6). */
@ConfigMapping(prefix = "etherwatch.push")
public interface PushConfig {

  /** Origins a browser may connect from; clients that send no Origin are judged by token alone. */
  @WithDefault("http://127.0.0.1:8080,http://localhost:8080")
  List<String> allowedOrigins();

  /** How long a connection without a header token may wait before its AUTHENTICATE frame. */
  @WithDefault("10s")
  Duration authenticateTimeout();

  /** Subscriptions one WebSocket connection may hold at once. */
  @WithDefault("20")
  int maxSubscriptions();

  /** Topic of a log group; must equal log-ingest-service's etherwatch.ingest.topic-pattern. */
  @WithDefault("logs.{group}")
  String topicPattern();

  /**
   * Longest a Kafka fetch waits at the broker for data. A read_committed fetch is not answered when
   * a transaction commits, so this bounds how long a committed event may wait before it is read.
   */
  @WithDefault("20ms")
  Duration fetchMaxWait();

  /** Most events in one LOG_EVENTS frame; a larger batch is split. */
  @WithDefault("500")
  int maxEventsPerFrame();

  /** Largest LOG_EVENTS frame in bytes (an event larger than this goes alone in its frame). */
  @WithDefault("262144")
  int maxFrameBytes();

  /** Bytes of frames a connection may have waiting to be written before events are dropped. */
  @WithDefault("8388608")
  long sendQueueBytes();

  /** How long a send queue may stay full before the connection is closed with 1013. */
  @WithDefault("30s")
  Duration slowConsumerCloseAfter();

  /**
   * How long shutdown waits for the connections it closes with 1001 to finish their close
   * handshake; Kubernetes' termination grace period (30 s by default) must be longer.
   */
  @WithDefault("5s")
  Duration shutdownCloseWait();

  /** How long the existence of a log group or stream is remembered. */
  @WithDefault("10s")
  Duration existenceCacheTtl();

  /**
   * Most group and stream names whose existence is remembered at once (least used forgotten first),
   * so that requests naming ever new streams cannot grow the cache.
   */
  @WithDefault("10000")
  long existenceCacheSize();

  /**
   * Frames of one WebSocket connection that may be refused (ERROR or a refusing reply) within a
   * minute; one more closes the connection with 1008, so junk sent in a loop costs bounded work.
   */
  @WithDefault("100")
  int maxRefusalsPerMinute();

  /**
   * How often an SSE stream with nothing else to send gets a comment line, so that proxies with an
   * idle timeout (AWS ALB: 60 s) keep it open.
   */
  @WithDefault("15s")
  Duration sseHeartbeat();

  /** Threads that run replays (resume, since); the replays take turns on them, a poll each. */
  @WithDefault("2")
  int replayThreads();

  /**
   * Replays that may hold a Kafka consumer at once on this replica; more wait, first come first
   * served, for one to catch up with the live reader.
   */
  @WithDefault("32")
  int maxActiveReplays();

  /** Replays one connection may have running or waiting; past it a request gets {@code limit}. */
  @WithDefault("2")
  int maxReplaysPerConnection();

  /** Replays one user (token subject) may have running or waiting on this replica. */
  @WithDefault("4")
  int maxReplaysPerUser();

  /**
   * File holding the key that signs cursors (at least 32 bytes; surrounding whitespace ignored),
   * e.g. a mounted Kubernetes Secret. Every replica must have the same key.
   */
  Optional<Path> cursorKeyFile();

  /** The cursor key itself, when no file is given (e.g. an environment variable from a Secret). */
  Optional<String> cursorKey();

  /**
   * This replica's id on the watched-groups topic (Kubernetes sets the pod name); without one, the
   * host name and 8 random hex digits, new for every process.
   */
  Optional<String> replicaId();

  /**
   * Compacted topic where this replica announces the log groups it has live subscribers for (DESIGN
   * section 5, "Watched groups first"); must equal log-ingest-service's watched topic.
   */
  @WithDefault(WatchedGroup.TOPIC)
  String watchedTopic();

  /** How the watched groups are announced. */
  Watched watched();

  /** Heartbeat and expiry of the watched-groups records. */
  interface Watched {
    /** How often every watched group's record is rewritten (and failed writes are retried). */
    @WithDefault("5s")
    Duration heartbeat();

    /**
     * How long a record counts after its heartbeat ({@code expiresAt - heartbeatAt}), so a replica
     * that died without tombstones stops counting after it; must be longer than the heartbeat.
     */
    @WithDefault("15s")
    Duration ttl();
  }
}
