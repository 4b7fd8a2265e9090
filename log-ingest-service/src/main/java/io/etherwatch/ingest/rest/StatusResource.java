package io.etherwatch.ingest.rest;

import io.etherwatch.ingest.service.GroupDiscovery;
import io.etherwatch.ingest.service.IngestSupervisor;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.Set;

/** What this replica does right now: its shards and the log groups each publishes. */
@Path("/api/ingest/status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

  /** The answer of {@code GET /api/ingest/status}. */
  public record Status(int shardCount, Map<Integer, Set<String>> shards, Set<String> followed) {}

  private final IngestSupervisor supervisor;
  private final GroupDiscovery discovery;

  public StatusResource(IngestSupervisor supervisor, GroupDiscovery discovery) {
    this.supervisor = supervisor;
    this.discovery = discovery;
  }

  @GET
  public Status status() {
    return new Status(supervisor.shardCount(), supervisor.ownership(), discovery.selected());
  }
}
