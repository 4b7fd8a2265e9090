package io.etherwatch.inventory.rest;

import io.etherwatch.inventory.domain.MetricStats;
import io.etherwatch.inventory.service.MetricStatistics;
import io.etherwatch.inventory.service.RequestParams;
import io.etherwatch.inventory.service.StatsRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
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

/** CloudWatch metric statistics over a range (DESIGN section 4). */
@Path("/api/metrics")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"viewer", "operator", "admin"})
@Tag(name = "Metrics")
@APIResponse(responseCode = "401", description = "no valid access token")
@APIResponse(responseCode = "403", description = "the token has no inventory role")
@APIResponse(responseCode = "502", description = "AWS refused the call (permission named)")
@APIResponse(responseCode = "503", description = "AWS throttled the call (see Retry-After)")
public class MetricsResource {
  private final MetricStatistics statistics;

  MetricsResource(MetricStatistics statistics) {
    this.statistics = statistics;
  }

  @GET
  @Path("/stats")
  @Operation(
      operationId = "getMetricStatistics",
      summary = "Statistics of one metric",
      description =
          "Datapoints sorted by time and a summary of the range. Without period, the smallest"
              + " one giving at most 1,440 points that CloudWatch still holds for data as old as"
              + " start; the answer's period is the one used.")
  @APIResponse(responseCode = "200", description = "datapoints, summary and the period used")
  @APIResponse(responseCode = "400", description = "a parameter is missing or wrong")
  public MetricStats stats(
      @Parameter(
              required = true,
              description = "CloudWatch namespace: printable ASCII, not starting with ':'",
              schema =
                  @Schema(
                      minLength = 1,
                      maxLength = 255,
                      pattern = ApiPatterns.ASCII_NO_LEADING_COLON,
                      example = "AWS/EC2"))
          @QueryParam("namespace")
          String namespace,
      @Parameter(
              required = true,
              description = "metric name: printable ASCII",
              schema =
                  @Schema(
                      minLength = 1,
                      maxLength = 255,
                      pattern = ApiPatterns.ASCII,
                      example = "CPUUtilization"))
          @QueryParam("metricName")
          String metricName,
      @Parameter(
              description = "Name=Value, repeatable (at most 30): the metric's full dimension set",
              schema =
                  @Schema(
                      type = SchemaType.ARRAY,
                      implementation = String.class,
                      maxItems = 30,
                      example = "[\"InstanceId=i-0123456789abcdef0\"]"))
          @QueryParam("dimension")
          List<String> dimensions,
      @Parameter(
              description = "ISO-8601 or epoch ms (1970 to 9999); default end - 1 day",
              schema = @Schema(pattern = ApiPatterns.TIME, example = "2026-11-27T10:00:00Z"))
          @QueryParam("start")
          String start,
      @Parameter(
              description = "ISO-8601 or epoch ms (1970 to 9999); default now (whole minute)",
              schema = @Schema(pattern = ApiPatterns.TIME, example = "2026-11-28T10:00:00Z"))
          @QueryParam("end")
          String end,
      @Parameter(
              description = "seconds, a multiple of 60; default automatic",
              schema =
                  @Schema(
                      type = SchemaType.INTEGER,
                      minimum = "60",
                      maximum = "39312000",
                      multipleOf = 60,
                      example = "3600"))
          @QueryParam("period")
          String period,
      @Parameter(
              description =
                  "Average,Sum,Minimum,Maximum,SampleCount (repeated or comma-separated); default all",
              schema =
                  @Schema(
                      type = SchemaType.ARRAY,
                      implementation = String.class,
                      example = "[\"Average\",\"Maximum\"]"))
          @QueryParam("statistics")
          List<String> statisticNames) {
    return statistics.stats(
        new StatsRequest(
            namespace,
            metricName,
            RequestParams.dimensions(dimensions),
            RequestParams.instant("start", start),
            RequestParams.instant("end", end),
            RequestParams.integer("period", period, "a number of seconds"),
            RequestParams.statistics(statisticNames)));
  }
}
