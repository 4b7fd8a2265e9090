package io.etherwatch.inventory.rest;

import io.etherwatch.inventory.domain.LogEventQuery;
import io.etherwatch.inventory.service.RequestParams;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The query parameters of a history search (FilterLogEvents), one set for both forms of the route
 * ({@code /groups/{group}/events} and {@code /events?group=}); null when absent.
 */
public class EventSearchQuery {
  @Parameter(
      description = "one stream name per parameter, repeated (at most 100); default all",
      schema =
          @Schema(
              type = SchemaType.ARRAY,
              implementation = String.class,
              maxItems = 100,
              example = "[\"tcp-in\",\"a,b\"]"))
  @QueryParam("streams")
  public List<String> streams;

  @Parameter(
      description = "ISO-8601 or epoch ms (1970 to 9999), inclusive",
      schema = @Schema(pattern = ApiPatterns.TIME, example = "1764237600000"))
  @QueryParam("start")
  public String start;

  @Parameter(
      description = "ISO-8601 or epoch ms (1970 to 9999), inclusive",
      schema = @Schema(pattern = ApiPatterns.TIME, example = "2026-11-27T11:00:00Z"))
  @QueryParam("end")
  public String end;

  @Parameter(
      description = "CloudWatch Logs filter pattern",
      schema = @Schema(maxLength = 1024, example = "ERROR"))
  @QueryParam("filterPattern")
  public String filterPattern;

  @Parameter(
      description = "events per page",
      schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "10000"))
  @QueryParam("limit")
  public String limit;

  @Parameter(
      description = LogResource.TOKEN_TEXT,
      schema = @Schema(maxLength = 8192, pattern = ApiPatterns.PAGE_TOKEN))
  @QueryParam("nextToken")
  public String nextToken;

  /** The search of {@code group}; 400 for a time or limit that does not parse. */
  LogEventQuery of(String group) {
    return new LogEventQuery(
        group,
        streams,
        RequestParams.epochMillis("start", start),
        RequestParams.epochMillis("end", end),
        filterPattern,
        RequestParams.integer("limit", limit, "a number"),
        nextToken);
  }
}
