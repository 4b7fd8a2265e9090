package io.etherwatch.inventory.rest;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The query parameters of a stream listing, one set for both forms of the route ({@code
 * /groups/{group}/streams} and {@code /streams?group=}); null when absent.
 */
public class StreamListQuery {
  @Parameter(
      description = "stream name prefix (not with orderBy=LastEventTime)",
      schema = @Schema(maxLength = 512, pattern = "^[^:*]*$"))
  @QueryParam("prefix")
  public String prefix;

  @Parameter(
      description = "LogStreamName (default) or LastEventTime (newest first)",
      schema = @Schema(enumeration = {"LogStreamName", "LastEventTime"}))
  @QueryParam("orderBy")
  public String orderBy;

  @Parameter(
      description = LogResource.TOKEN_TEXT,
      schema = @Schema(maxLength = 8192, pattern = ApiPatterns.PAGE_TOKEN))
  @QueryParam("nextToken")
  public String nextToken;
}
