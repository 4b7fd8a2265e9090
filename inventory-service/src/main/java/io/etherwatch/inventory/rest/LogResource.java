package io.etherwatch.inventory.rest;

import io.etherwatch.common.rest.ApiException;
import io.etherwatch.inventory.domain.LogEventPage;
import io.etherwatch.inventory.domain.LogGroupPage;
import io.etherwatch.inventory.domain.LogStreamPage;
import io.etherwatch.inventory.service.LogDirectory;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Log groups, streams and history search, limited to the groups the token's lg allows. Every route
 * that takes a group in its path also takes it as {@code ?group=}, the form that carries the names
 * {@code .} and {@code ..} (URL paths drop such segments).
 */
@Path("/api/log")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"viewer", "operator", "admin"})
@Tag(name = "Logs")
@APIResponse(responseCode = "401", description = "no valid access token")
@APIResponse(responseCode = "403", description = "no inventory role, or a group outside lg")
@APIResponse(responseCode = "502", description = "AWS refused the call (permission named)")
@APIResponse(responseCode = "503", description = "AWS throttled the call (see Retry-After)")
public class LogResource {
  static final String TOKEN_TEXT =
      "the nextToken of the previous page, unchanged (same parameters); any other is a 400";

  private final LogDirectory directory;
  private final CallerAccess caller;

  LogResource(LogDirectory directory, CallerAccess caller) {
    this.directory = directory;
    this.caller = caller;
  }

  /** The 2016 body of {@code POST /api/log/streams}; the other fields are optional additions. */
  @Schema(description = "A group's streams (2016 form)")
  public record StreamsBody(
      @Schema(required = true, pattern = ApiPatterns.GROUP, example = "/var/log/messages")
          String groupName,
      @Schema(maxLength = 512, pattern = "^[^:*]*$", example = "tcp-") String prefix,
      @Schema(enumeration = {"LogStreamName", "LastEventTime"}) String orderBy,
      @Schema(description = TOKEN_TEXT, maxLength = 8192, pattern = ApiPatterns.PAGE_TOKEN)
          String nextToken) {}

  @GET
  @Path("/groups")
  @Operation(
      operationId = "listLogGroups",
      summary = "One page of log groups the token allows",
      description = "Pass nextToken back for the next page; a page may be short after filtering.")
  @APIResponse(responseCode = "200", description = "groups and the next page's token")
  @APIResponse(
      responseCode = "400",
      description = "a nextToken not given for this query, bad prefix")
  public LogGroupPage groups(
      @Parameter(
              description = "group name prefix",
              schema = @Schema(maxLength = 512, pattern = "^[._/#A-Za-z0-9-]*$", example = "/var/"))
          @QueryParam("prefix")
          String prefix,
      @Parameter(
              description = TOKEN_TEXT,
              schema = @Schema(maxLength = 8192, pattern = ApiPatterns.PAGE_TOKEN))
          @QueryParam("nextToken")
          String nextToken) {
    return directory.groups(caller.logGroups(), prefix, nextToken);
  }

  @GET
  @Path("/groups/{group}/streams")
  @Operation(
      operationId = "listLogStreams",
      summary = "One page of a group's streams (group URL-encoded: %2F for /)")
  @APIResponse(responseCode = "200", description = "streams and the next page's token")
  @APIResponse(
      responseCode = "400",
      description = "illegal group, bad orderBy, prefix with LastEventTime, bad nextToken")
  @APIResponse(responseCode = "404", description = "no such group")
  public LogStreamPage streams(
      @Parameter(
              description = "the group, URL-encoded as one segment ('.' and '..': use ?group=)",
              schema = @Schema(pattern = ApiPatterns.GROUP, example = "/var/log/messages"))
          @PathParam("group")
          String group,
      @BeanParam StreamListQuery query) {
    return directory.streams(
        caller.logGroups(), group, query.prefix, query.orderBy, query.nextToken);
  }

  @GET
  @Path("/streams")
  @Operation(
      operationId = "listLogStreamsByQuery",
      summary = "One page of a group's streams, the group as a query parameter",
      description =
          "The same answer as /api/log/groups/{group}/streams, for every legal group name,"
              + " including '.' and '..', which a path cannot carry.")
  @APIResponse(responseCode = "200", description = "streams and the next page's token")
  @APIResponse(responseCode = "400", description = "no or illegal group, bad orderBy or nextToken")
  @APIResponse(responseCode = "404", description = "no such group")
  public LogStreamPage streamsOf(
      @Parameter(
              required = true,
              description = "the group",
              schema = @Schema(pattern = ApiPatterns.GROUP, example = ".."))
          @QueryParam("group")
          String group,
      @BeanParam StreamListQuery query) {
    return streams(group, query);
  }

  @POST
  @Path("/streams")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "postLogStreams",
      summary = "A group's streams, 2016 body form {\"groupName\"}")
  @APIResponse(responseCode = "200", description = "streams and the next page's token")
  @APIResponse(
      responseCode = "400",
      description = "no or illegal groupName, a body of another shape")
  @APIResponse(responseCode = "404", description = "no such group")
  public LogStreamPage streams(StreamsBody body) {
    if (body == null) {
      throw ApiException.badRequest("a JSON body {\"groupName\"} is required");
    }
    return directory.streams(
        caller.logGroups(), body.groupName(), body.prefix(), body.orderBy(), body.nextToken());
  }

  @GET
  @Path("/groups/{group}/events")
  @Operation(
      operationId = "searchLogEvents",
      summary = "History search (FilterLogEvents), events interleaved by time")
  @APIResponse(responseCode = "200", description = "events and the next page's token")
  @APIResponse(responseCode = "400", description = "start after end, bad time, limit or name")
  @APIResponse(responseCode = "404", description = "no such group")
  public LogEventPage events(
      @Parameter(
              description = "the group, URL-encoded as one segment ('.' and '..': use ?group=)",
              schema = @Schema(pattern = ApiPatterns.GROUP, example = "/var/log/messages"))
          @PathParam("group")
          String group,
      @BeanParam EventSearchQuery query) {
    return directory.events(caller.logGroups(), query.of(group));
  }

  @GET
  @Path("/events")
  @Operation(
      operationId = "searchLogEventsByQuery",
      summary = "History search, the group as a query parameter",
      description =
          "The same answer as /api/log/groups/{group}/events, for every legal group name,"
              + " including '.' and '..', which a path cannot carry.")
  @APIResponse(responseCode = "200", description = "events and the next page's token")
  @APIResponse(responseCode = "400", description = "no or illegal group, bad time, limit or name")
  @APIResponse(responseCode = "404", description = "no such group")
  public LogEventPage eventsOf(
      @Parameter(
              required = true,
              description = "the group",
              schema = @Schema(pattern = ApiPatterns.GROUP, example = ".."))
          @QueryParam("group")
          String group,
      @BeanParam EventSearchQuery query) {
    return events(group, query);
  }
}
