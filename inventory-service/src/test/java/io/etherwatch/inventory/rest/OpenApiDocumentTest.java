package io.etherwatch.inventory.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.etherwatch.testsupport.JwtResource;
import io.etherwatch.testsupport.MotoResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document states the rules the code keeps (bounds, formats, required fields),
 * so that clients and generated requests (schemathesis) reach the logic, and links the instance
 * list to the instance routes.
 */
@QuarkusTest
@WithTestResource(MotoResource.class)
@WithTestResource(JwtResource.class)
class OpenApiDocumentTest {
  private JsonPath document;

  /** Read on first use: the test's port is known only once the test runs. */
  private JsonPath doc() {
    if (document == null) {
      document = given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
    }
    return document;
  }

  @Test
  void theInstanceListLinksToTheInstanceRoutes() {
    Map<String, Map<String, Object>> links =
        doc().getMap("paths.'/api/ec2'.get.responses.'200'.links");
    assertThat(links.get("instance")).containsEntry("operationId", "getInstance");
    assertThat(links.get("instanceMetrics")).containsEntry("operationId", "getInstanceMetrics");
    assertThat(doc().getString("paths.'/api/ec2/{instanceId}'.get.operationId"))
        .isEqualTo("getInstance");
    assertThat(doc().getString("paths.'/api/ec2/{instanceId}/metrics'.get.operationId"))
        .isEqualTo("getInstanceMetrics");
  }

  @Test
  void parametersCarryTheirBounds() {
    Map<String, Object> limit = parameter("/api/log/groups/{group}/events", "limit");
    assertThat(limit).containsEntry("type", "integer").containsEntry("maximum", 10000);
    Map<String, Object> period = parameter("/api/metrics/stats", "period");
    assertThat(((Number) period.get("multipleOf")).intValue()).isEqualTo(60);
    assertThat(period).containsEntry("type", "integer").containsEntry("maximum", 39312000);
    Map<String, Object> group = parameter("/api/log/events", "group");
    assertThat(group).containsEntry("pattern", ApiPatterns.GROUP);
    assertThat(parameter("/api/ec2/{instanceId}", "instanceId"))
        .containsEntry("pattern", ApiPatterns.INSTANCE_ID);
  }

  @Test
  void repeatedParametersStateTheRulesOfEachElement() {
    Map<String, Object> streams = parameter("/api/log/events", "streams");
    assertThat((Map<String, Object>) streams.get("items"))
        .containsEntry("maxLength", 512)
        .containsEntry("pattern", "^[^:*]+$");
    Map<String, Object> statistics = parameter("/api/metrics/stats", "statistics");
    assertThat((List<Object>) ((Map<String, Object>) statistics.get("items")).get("enum"))
        .containsExactly("Average", "Sum", "Minimum", "Maximum", "SampleCount");
  }

  @Test
  void theStatisticsBodyNamesItsRequiredFields() {
    List<String> required = doc().getList("components.schemas.StatsBody.required");
    assertThat(required).contains("metricName", "namespace");
    assertThat(doc().getInt("components.schemas.StatsBody.properties.metricName.maxLength"))
        .isEqualTo(255);
    assertThat(doc().getList("components.schemas.StreamsBody.required")).contains("groupName");
  }

  private Map<String, Object> parameter(String path, String name) {
    List<Map<String, Object>> parameters = doc().getList("paths.'" + path + "'.get.parameters");
    return parameters.stream()
        .filter(p -> name.equals(p.get("name")))
        .findFirst()
        .map(p -> (Map<String, Object>) p.get("schema"))
        .orElseThrow(() -> new AssertionError("no parameter " + name + " on " + path));
  }
}
