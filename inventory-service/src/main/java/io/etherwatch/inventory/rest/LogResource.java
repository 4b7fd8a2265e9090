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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
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
  private static final String TOKEN_TEXT =
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
      @Parameter(
              description = "stream name prefix (not with orderBy=LastEventTime)",
              schema = @Schema(maxLength = 512, pattern = "^[^:*]*$"))
          @QueryParam("prefix")
          String prefix,
      @Parameter(
              description = "LogStreamName (default) or LastEventTime (newest first)",
              schema = @Schema(enumeration = {"LogStreamName", "LastEventTime"}))
          @QueryParam("orderBy")
          String orderBy,
      @Parameter(
              description = TOKEN_TEXT,
              schema = @Schema(maxLength = 8192, pattern = ApiPatterns.PAGE_TOKEN))
          @QueryParam("nextToken")
          String nextToken) {
    return directory.streams(caller.logGroups(), group, prefix, orderBy, nextToken);
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
      @Parameter(
              description = "stream name prefix (not with orderBy=LastEventTime)",
              schema = @Schema(maxLength = 512, pattern = "^[^:*]*$"))
          @QueryParam("prefix")
          String prefix,
      @Parameter(
              description = "LogStreamName (default) or LastEventTime (newest first)",
              schema = @Schema(enumeration = {"LogStreamName", "LastEventTime"}))
          @QueryParam("orderBy")
          String orderBy,
      @Parameter(
              description = TOKEN_TEXT,
              schema = @Schema(maxLength = 8192, pattern = ApiPatterns.PAGE_TOKEN))
          @QueryParam("nextToken")
          String nextToken) {
    return directory.streams(caller.logGroups(), group, prefix, orderBy, nextToken);
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
      @Parameter(
              description = "one stream name per parameter, repeated (at most 100); default all",
              schema =
                  @Schema(
                      type = SchemaType.ARRAY,
                      implementation = String.class,
                      maxItems = 100,
                      example = "[\"tcp-in\",\"a,b\"]"))
          @QueryParam("streams")
          List<String> streams,
      @Parameter(
              description = "ISO-8601 or epoch ms (1970 to 9999), inclusive",
              schema = @Schema(pattern = ApiPatterns.TIME, example = "1764237600000"))
          @QueryParam("start")
          String start,
      @Parameter(
              description = "ISO-8601 or epoch ms (1970 to 9999), inclusive",
              schema = @Schema(pattern = ApiPatterns.TIME, example = "2026-11-27T11:00:00Z"))
          @QueryParam("end")
          String end,
      @Parameter(
              description = "CloudWatch Logs filter pattern",
              schema = @Schema(maxLength = 1024, example = "ERROR"))
          @QueryParam("filterPattern")
          String filterPattern,
      @Parameter(
              description = "events per page",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "10000"))
          @QueryParam("limit")
          String limit,
      @Parameter(
              description = TOKEN_TEXT,
              schema = @Schema(maxLength = 8192, pattern = ApiPatterns.PAGE_TOKEN))
          @QueryParam("nextToken")
          String nextToken) {
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
      @Parameter(
              description = "one stream name per parameter, repeated (at most 100); default all",
              schema =
                  @Schema(type = SchemaType.ARRAY, implementation = String.class, maxItems = 100))
          @QueryParam("streams")
          List<String> streams,
      @Parameter(
              description = "ISO-8601 or epoch ms (1970 to 9999), inclusive",
              schema = @Schema(pattern = ApiPatterns.TIME))
          @QueryParam("start")
          String start,
      @Parameter(description = "ISO-8601 or epoch ms (1970 to 9999), inclusive") @QueryParam("end")
          String end,
      @Parameter(description = "CloudWatch Logs filter pattern", schema = @Schema(maxLength = 1024))
          @QueryParam("filterPattern")
          String filterPattern,
      @Parameter(
              description = "events per page",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "10000"))
          @QueryParam("limit")
          String limit,
      @Parameter(
              description = TOKEN_TEXT,
              schema = @Schema(maxLength = 8192, pattern = ApiPatterns.PAGE_TOKEN))
          @QueryParam("nextToken")
          String nextToken) {
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
