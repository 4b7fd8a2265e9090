package io.etherwatch.ingest.rest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.etherwatch.ingest.client.TopicAdmin;
import io.etherwatch.ingest.config.IngestConfig;
import io.etherwatch.ingest.service.GroupDiscovery;
import io.etherwatch.ingest.service.GroupFailure;
import io.etherwatch.ingest.service.GroupPollerContext;
import io.etherwatch.ingest.service.IngestSupervisor;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What this replica does right now: its shards and the log groups each publishes, the groups that
 * fail (and why), what is wrong with the topics it uses, which late events it can see, and which
 * groups someone watches and how often they are read.
 */
@Path("/api/ingest/status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

  /**
   * The answer of {@code GET /api/ingest/status}. {@code watched}: the selected groups that have
   * live subscribers (push-service); {@code watchedInterval}: the longest wait between two reads of
   * each of them (ISO-8601), {@code watched-interval} stretched so that they take at most 75 % of
   * the deployment's budget.
   */
  @JsonPropertyOrder({
    "shardCount",
    "shards",
    "followed",
    "failing",
    "topicProblems",
    "lateEvents",
    "watched",
    "watchedInterval"
  })
  public record Status(
      int shardCount,
      Map<Integer, Set<String>> shards,
      Set<String> followed,
      Map<String, GroupFailure> failing,
      Map<String, List<String>> topicProblems,
      LateCoverage lateEvents,
      Set<String> watched,
      String watchedInterval) {}

  /**
   * Which late events the poll source sees (ISO-8601 durations): published when at most {@code
   * publishedWithin} behind the newest event; counted (metric and WARN line) up to {@code
   * countedWithin}; beyond that neither (DESIGN §5's "never silently dropped" holds only up to
   * there). {@code lateSweepCalls}: FilterLogEvents calls of each group's last late sweep, every
   * {@code lateSweepInterval}.
   */
  @JsonPropertyOrder({
    "publishedWithin",
    "countedWithin",
    "lateHorizon",
    "lateSweepInterval",
    "lateSweepCalls",
    "beyond"
  })
  public record LateCoverage(
      String publishedWithin,
      String countedWithin,
      String lateHorizon,
      String lateSweepInterval,
      Map<String, Integer> lateSweepCalls,
      String beyond) {}

  private final IngestSupervisor supervisor;
  private final GroupDiscovery discovery;
  private final TopicAdmin topics;
  private final GroupPollerContext ctx;
  private final IngestConfig config;

  public StatusResource(
      IngestSupervisor supervisor,
      GroupDiscovery discovery,
      TopicAdmin topics,
      GroupPollerContext ctx,
      IngestConfig config) {
    this.supervisor = supervisor;
    this.discovery = discovery;
    this.topics = topics;
    this.ctx = ctx;
    this.config = config;
  }

  @GET
  public Status status() {
    return new Status(
        supervisor.shardCount(),
        supervisor.ownership(),
        discovery.selected(),
        supervisor.failing(),
        topics.problems(),
        new LateCoverage(
            config.lookback().toString(),
            ctx.lateCoverage().toString(),
            config.lateHorizon().toString(),
            config.lateSweepInterval().toString(),
            ctx.lateSweepCalls(),
            "events later than countedWithin are neither published nor counted"),
        ctx.watchedFollowed(),
        Duration.ofMillis(ctx.watchedIntervalMillis()).toString());
  }
}
