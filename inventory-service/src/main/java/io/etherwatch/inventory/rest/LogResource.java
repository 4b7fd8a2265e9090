package io.etherwatch.inventory.rest;

import io.etherwatch.common.rest.ApiException;
import io.etherwatch.inventory.domain.LogEventPage;
import io.etherwatch.inventory.domain.LogEventQuery;
import io.etherwatch.inventory.domain.LogGroupPage;
import io.etherwatch.inventory.domain.LogStreamPage;
import io.etherwatch.inventory.service.LogDirectory;
import io.etherwatch.inventory.service.RequestParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Log groups, streams and history search, limited to the groups the token's lg allows. */
@Path("/api/log")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"viewer", "operator", "admin"})
@Tag(name = "Logs")
@APIResponse(responseCode = "401", description = "no valid access token")
@APIResponse(responseCode = "403", description = "no inventory role, or a group outside lg")
@APIResponse(responseCode = "502", description = "AWS refused the call (permission named)")
@APIResponse(responseCode = "503", description = "AWS throttled the call (see Retry-After)")
public class LogResource {
  private final LogDirectory directory;
  private final CallerAccess caller;

  LogResource(LogDirectory directory, CallerAccess caller) {
    this.directory = directory;
    this.caller = caller;
  }

  /** The 2016 body of {@code POST /api/log/streams}; the other fields are optional additions. */
  public record StreamsBody(String groupName, String prefix, String orderBy, String nextToken) {}

  @GET
  @Path("/groups")
  @Operation(
      summary = "One page of log groups the token allows",
      description = "Pass nextToken back for the next page; a page may be short after filtering.")
  @APIResponse(responseCode = "200", description = "groups and the next page's token")
  @APIResponse(responseCode = "400", description = "AWS refused the nextToken")
  public LogGroupPage groups(
      @QueryParam("prefix") String prefix, @QueryParam("nextToken") String nextToken) {
    return directory.groups(caller.logGroups(), prefix, nextToken);
  }

  @GET
  @Path("/groups/{group}/streams")
  @Operation(summary = "One page of a group's streams (group URL-encoded: %2F for /)")
  @APIResponse(responseCode = "200", description = "streams and the next page's token")
  @APIResponse(responseCode = "400", description = "bad orderBy, or prefix with LastEventTime")
  @APIResponse(responseCode = "404", description = "no such group")
  public LogStreamPage streams(
      @PathParam("group") String group,
      @QueryParam("prefix") String prefix,
      @Parameter(description = "LogStreamName (default) or LastEventTime (newest first)")
          @QueryParam("orderBy")
          String orderBy,
      @QueryParam("nextToken") String nextToken) {
    return directory.streams(caller.logGroups(), group, prefix, orderBy, nextToken);
  }

  @POST
  @Path("/streams")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "A group's streams, 2016 body form {\"groupName\"}")
  @APIResponse(responseCode = "200", description = "streams and the next page's token")
  @APIResponse(responseCode = "400", description = "no groupName")
  @APIResponse(responseCode = "404", description = "no such group")
  public LogStreamPage streams(StreamsBody body) {
    if (body == null) {
      throw ApiException.badRequest("a JSON body {\"groupName\"} is required");
    }
    return directory.streams(
        caller.logGroups(), body.groupName(), body.prefix(), body.orderBy(), body.nextToken());
  }

  @GET
  @Path("/streams")
  @Operation(
      summary = "One page of a group's streams, the group as a query parameter",
      description =
          "The same answer as /api/log/groups/{group}/streams, for every legal group name,"
              + " including '.' and '..', which a path cannot carry.")
  @APIResponse(responseCode = "200", description = "streams and the next page's token")
  @APIResponse(responseCode = "400", description = "no or illegal group, bad orderBy or nextToken")
  @APIResponse(responseCode = "404", description = "no such group")
  public LogStreamPage streamsOf(
      @QueryParam("group") String group,
      @QueryParam("prefix") String prefix,
      @QueryParam("orderBy") String orderBy,
      @QueryParam("nextToken") String nextToken) {
    return directory.streams(caller.logGroups(), group, prefix, orderBy, nextToken);
  }

  @GET
  @Path("/groups/{group}/events")
  @Operation(summary = "History search (FilterLogEvents), events interleaved by time")
  @APIResponse(responseCode = "200", description = "events and the next page's token")
  @APIResponse(responseCode = "400", description = "start after end, bad time, limit or name")
  @APIResponse(responseCode = "404", description = "no such group")
  public LogEventPage events(
      @PathParam("group") String group,
      @Parameter(description = "one stream name per parameter, repeated; default all")
          @QueryParam("streams")
          List<String> streams,
      @Parameter(description = "ISO-8601 or epoch ms, inclusive") @QueryParam("start") String start,
      @Parameter(description = "ISO-8601 or epoch ms, inclusive") @QueryParam("end") String end,
      @QueryParam("filterPattern") String filterPattern,
      @Parameter(description = "1 to 10000") @QueryParam("limit") String limit,
      @QueryParam("nextToken") String nextToken) {
    return directory.events(
        caller.logGroups(),
        new LogEventQuery(
            group,
            streams,
            RequestParams.epochMillis("start", start),
            RequestParams.epochMillis("end", end),
            filterPattern,
            limit(limit),
            nextToken));
  }

  @GET
  @Path("/events")
  @Operation(
      summary = "History search, the group as a query parameter",
      description =
          "The same answer as /api/log/groups/{group}/events, for every legal group name,"
              + " including '.' and '..', which a path cannot carry.")
  @APIResponse(responseCode = "200", description = "events and the next page's token")
  @APIResponse(responseCode = "400", description = "no or illegal group, bad time, limit or name")
  @APIResponse(responseCode = "404", description = "no such group")
  public LogEventPage eventsOf(
      @QueryParam("group") String group,
      @QueryParam("streams") List<String> streams,
      @QueryParam("start") String start,
      @QueryParam("end") String end,
      @QueryParam("filterPattern") String filterPattern,
      @QueryParam("limit") String limit,
      @QueryParam("nextToken") String nextToken) {
    return events(group, streams, start, end, filterPattern, limit, nextToken);
  }

  private static Integer limit(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(value.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("limit '" + value + "' is not a number");
    }
  }
}
