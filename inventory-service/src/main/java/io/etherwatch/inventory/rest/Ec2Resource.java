package io.etherwatch.inventory.rest;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.etherwatch.common.rest.ApiException;
import io.etherwatch.inventory.domain.Dimension;
import io.etherwatch.inventory.domain.Ec2Filter;
import io.etherwatch.inventory.domain.Ec2Instance;
import io.etherwatch.inventory.domain.MetricRef;
import io.etherwatch.inventory.domain.MetricStats;
import io.etherwatch.inventory.service.Ec2Inventory;
import io.etherwatch.inventory.service.MetricStatistics;
import io.etherwatch.inventory.service.RequestParams;
import io.etherwatch.inventory.service.StatsRequest;
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
import org.eclipse.microprofile.openapi.annotations.links.Link;
import org.eclipse.microprofile.openapi.annotations.links.LinkParameter;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** EC2 instances and their metrics (DESIGN section 4). */
@Path("/api/ec2")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"viewer", "operator", "admin"})
@Tag(name = "EC2")
@APIResponse(responseCode = "401", description = "no valid access token")
@APIResponse(responseCode = "403", description = "the token has no inventory role")
@APIResponse(responseCode = "502", description = "AWS refused the call (permission named)")
@APIResponse(responseCode = "503", description = "AWS throttled the call (see Retry-After)")
public class Ec2Resource {
  private final Ec2Inventory inventory;
  private final MetricStatistics statistics;

  Ec2Resource(Ec2Inventory inventory, MetricStatistics statistics) {
    this.inventory = inventory;
    this.statistics = statistics;
  }

  /** The answer of {@code GET /api/ec2}. */
  public record Instances(List<Ec2Instance> instances) {}

  /** The answer of {@code GET /api/ec2/{instanceId}/metrics}. */
  public record Metrics(List<MetricRef> metrics) {}

  /** A dimension in the 2016 body's spelling. */
  @Schema(description = "A CloudWatch dimension: printable ASCII, the name not starting with ':'")
  public record BodyDimension(
      @JsonProperty("Name")
          @JsonAlias("name")
          @Schema(
              required = true,
              minLength = 1,
              maxLength = 255,
              pattern = ApiPatterns.ASCII_NO_LEADING_COLON,
              example = "Host")
          String name,
      @JsonProperty("Value")
          @JsonAlias("value")
          @Schema(
              required = true,
              minLength = 1,
              maxLength = 1024,
              pattern = ApiPatterns.ASCII,
              example = "NodeAppServer1")
          String value) {}

  /** The 2016 body; {@code period} and {@code statistics} are optional additions. */
  @Schema(description = "Metric statistics request (2016 form)")
  public record StatsBody(
      @Schema(
              description = "ISO-8601 (1970 to 9999) or epoch milliseconds; default end - 1 day",
              pattern = ApiPatterns.TIME,
              example = "2026-11-27T10:00:00Z")
          String startDate,
      @Schema(
              description = "ISO-8601 (1970 to 9999) or epoch milliseconds; default now",
              pattern = ApiPatterns.TIME,
              example = "2026-11-28T10:00:00Z")
          String endDate,
      @Schema(
              required = true,
              minLength = 1,
              maxLength = 255,
              pattern = ApiPatterns.ASCII,
              example = "CPUUtilization")
          String metricName,
      @Schema(
              required = true,
              minLength = 1,
              maxLength = 255,
              pattern = ApiPatterns.ASCII_NO_LEADING_COLON,
              example = "AWS/EC2")
          String namespace,
      @Schema(maxItems = 30) List<BodyDimension> dimensions,
      @Schema(
              description = "seconds, a multiple of 60; default chosen",
              minimum = "60",
              maximum = "39312000",
              multipleOf = 60,
              example = "3600")
          Integer period,
      @Schema(
              description = "Average, Sum, Minimum, Maximum, SampleCount; default all",
              example = "[\"Average\",\"Maximum\"]")
          List<String> statistics) {}

  @GET
  @Operation(
      operationId = "listInstances",
      summary = "Every instance of every reservation, every page of DescribeInstances")
  @APIResponse(
      responseCode = "200",
      description = "the instances",
      links = {
        @Link(
            name = "instance",
            operationId = "getInstance",
            description = "The first instance of the list",
            parameters =
                @LinkParameter(
                    name = "instanceId",
                    expression = "$response.body#/instances/0/instanceId")),
        @Link(
            name = "instanceMetrics",
            operationId = "getInstanceMetrics",
            description = "The metrics of the first instance of the list",
            parameters =
                @LinkParameter(
                    name = "instanceId",
                    expression = "$response.body#/instances/0/instanceId"))
      })
  @APIResponse(
      responseCode = "400",
      description = "a filter value too long or with control characters")
  public Instances instances(
      @Parameter(
              description = "instance-state-name (* wildcards)",
              schema = @Schema(maxLength = 255, example = "running"))
          @QueryParam("state")
          String state,
      @Parameter(
              description = "vpc-id (* wildcards)",
              schema = @Schema(maxLength = 255, example = "vpc-0abc"))
          @QueryParam("vpc")
          String vpc,
      @Parameter(
              description = "the Name tag (* wildcards)",
              schema = @Schema(maxLength = 255, example = "NodeAppServer*"))
          @QueryParam("tag:Name")
          String name) {
    return new Instances(
        inventory.instances(
            new Ec2Filter(
                RequestParams.filterValue("state", state),
                RequestParams.filterValue("vpc", vpc),
                RequestParams.filterValue("tag:Name", name))));
  }

  @GET
  @Path("/{instanceId}")
  @Operation(operationId = "getInstance", summary = "One instance")
  @APIResponse(responseCode = "200", description = "the instance")
  @APIResponse(responseCode = "404", description = "no such instance")
  public Ec2Instance instance(
      @Parameter(
              schema = @Schema(pattern = ApiPatterns.INSTANCE_ID, example = "i-0123456789abcdef0"))
          @PathParam("instanceId")
          String instanceId) {
    return inventory.instance(instanceId);
  }

  @GET
  @Path("/{instanceId}/metrics")
  @Operation(
      operationId = "getInstanceMetrics",
      summary = "The instance's AWS/EC2 metrics and the host agent's (Etherwatch/Host)")
  @APIResponse(responseCode = "200", description = "the metrics, each once")
  @APIResponse(responseCode = "404", description = "no such instance")
  public Metrics metrics(
      @Parameter(
              schema = @Schema(pattern = ApiPatterns.INSTANCE_ID, example = "i-0123456789abcdef0"))
          @PathParam("instanceId")
          String instanceId) {
    return new Metrics(inventory.metrics(instanceId));
  }

  @POST
  @Path("/metrics/stats")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "postMetricStatistics",
      summary = "Metric statistics, 2016 body form (same answer as GET /api/metrics/stats)")
  @APIResponse(responseCode = "200", description = "datapoints in time order and a summary")
  @APIResponse(responseCode = "400", description = "a parameter is missing or wrong")
  public MetricStats stats(StatsBody body) {
    if (body == null) {
      throw ApiException.badRequest("a JSON body is required");
    }
    List<Dimension> dimensions =
        body.dimensions() == null
            ? List.of()
            : RequestParams.checkCount(
                body.dimensions().stream()
                    .map(
                        d -> {
                          if (d == null) {
                            throw ApiException.badRequest("malformed dimension: null");
                          }
                          return RequestParams.dimension(d.name(), d.value());
                        })
                    .toList());
    return statistics.stats(
        new StatsRequest(
            body.namespace(),
            body.metricName(),
            dimensions,
            RequestParams.instant("startDate", body.startDate()),
            RequestParams.instant("endDate", body.endDate()),
            body.period(),
            RequestParams.statistics(body.statistics())));
  }
}
