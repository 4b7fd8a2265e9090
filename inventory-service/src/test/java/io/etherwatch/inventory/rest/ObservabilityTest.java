package io.etherwatch.inventory.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import io.etherwatch.inventory.Tokens;
import io.etherwatch.testsupport.JwtResource;
import io.etherwatch.testsupport.MotoResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The OpenAPI document describes every route; AWS calls are counted on /q/metrics. */
@QuarkusTest
@WithTestResource(MotoResource.class)
@WithTestResource(JwtResource.class)
class ObservabilityTest {

  @Test
  void theOpenApiDocumentListsEveryRouteWithBearerSecurity() {
    given()
        .accept("application/json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("paths", hasKey("/api/ec2"))
        .body("paths", hasKey("/api/ec2/{instanceId}"))
        .body("paths", hasKey("/api/ec2/{instanceId}/metrics"))
        .body("paths.'/api/ec2/metrics/stats'", hasKey("post"))
        .body("paths", hasKey("/api/metrics/stats"))
        .body("paths", hasKey("/api/log/groups"))
        .body("paths", hasKey("/api/log/groups/{group}/streams"))
        .body("paths.'/api/log/streams'", hasKey("post"))
        .body("paths", hasKey("/api/log/groups/{group}/events"))
        .body("paths.'/api/ec2'.get.responses", hasKey("503"))
        .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
        .body("components.securitySchemes.size()", equalTo(1));
  }

  @Test
  void countsAwsCallsByOperationAndOutcome() {
    Api.as(Tokens.admin())
        .queryParam("prefix", "/ew-observed/")
        .get("/api/log/groups")
        .then()
        .statusCode(200)
        .body("logGroups", notNullValue());
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(
            containsString(
                "etherwatch_inventory_aws_calls_total{operation=\"DescribeLogGroups\",outcome=\"ok\""));
  }

  @Test
  void reportsTheCachesEstimatedBytes() {
    Api.as(Tokens.admin())
        .queryParam("prefix", "/ew-observed-bytes/")
        .get("/api/log/groups")
        .then()
        .statusCode(200);
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    java.util.regex.Matcher gauge =
        java.util.regex.Pattern.compile(
                "(?m)^etherwatch_inventory_cache_weight_bytes(?:\\{[^}]*\\})? (\\S+)$")
            .matcher(metrics);
    org.assertj.core.api.Assertions.assertThat(gauge.find()).as(metrics).isTrue();
    org.assertj.core.api.Assertions.assertThat(Double.parseDouble(gauge.group(1)))
        .isPositive()
        .isLessThanOrEqualTo(64.0 * 1024 * 1024);
  }
}
