package io.etherwatch.inventory.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.etherwatch.inventory.Tokens;
import io.etherwatch.testsupport.JwtResource;
import io.etherwatch.testsupport.MotoResource;
import io.etherwatch.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every route needs a valid token with an inventory role; refusals have the documented body. */
@QuarkusTest
@WithTestResource(MotoResource.class)
@WithTestResource(JwtResource.class)
class AccessTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/ec2",
        "/api/ec2/i-0123456789abcdef0",
        "/api/ec2/i-0123456789abcdef0/metrics",
        "/api/metrics/stats?namespace=AWS%2FEC2&metricName=CPUUtilization",
        "/api/log/groups",
        "/api/log/groups/%2Fvar%2Flog%2Fmessages/streams",
        "/api/log/groups/%2Fvar%2Flog%2Fmessages/events"
      })
  void everyGetRouteIs401WithoutAToken(String path) {
    given()
        .urlEncodingEnabled(false)
        .get(path)
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", equalTo("Bearer"))
        .body("error", equalTo("unauthorized"))
        .body("message", notNullValue());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/ec2/metrics/stats", "/api/log/streams"})
  void everyPostRouteIs401WithoutAToken(String path) {
    given()
        .contentType("application/json")
        .body("{\"groupName\":\"/var/log/messages\"}")
        .post(path)
        .then()
        .statusCode(401)
        .body("error", equalTo("unauthorized"));
  }

  @Test
  void rejectsAnExpiredToken() {
    String expired =
        new TestTokens.Signer(
                TestTokens.claims("vera", Set.of("viewer"), List.of("*"))
                    .claims()
                    .issuedAt(Instant.now().minusSeconds(3600))
                    .expiresAt(Instant.now().minusSeconds(1800)))
            .sign();
    Api.as(expired).get("/api/ec2").then().statusCode(401);
  }

  @Test
  void rejectsATokenForAnotherAudience() {
    String token =
        new TestTokens.Signer(
                TestTokens.claims("vera", Set.of("viewer"), List.of("*"))
                    .claims()
                    .audience("someone-else"))
            .sign();
    Api.as(token).get("/api/ec2").then().statusCode(401).body("error", equalTo("unauthorized"));
  }

  @Test
  void rejectsAGarbageToken() {
    Api.as("not.a.jwt")
        .get("/api/log/groups")
        .then()
        .statusCode(401)
        .body("error", equalTo("unauthorized"));
  }

  @Test
  void aTokenWithoutAnInventoryRoleIs403() {
    String token = TestTokens.token("nobody", Set.of("guest"), List.of("*"));
    Api.as(token).get("/api/ec2").then().statusCode(403).body("error", equalTo("forbidden"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"viewer", "operator", "admin"})
  void everyInventoryRoleReadsTheInventory(String role) {
    Api.as(TestTokens.token("someone", Set.of(role), List.of()))
        .queryParam("vpc", "vpc-00000000")
        .get("/api/ec2")
        .then()
        .statusCode(200)
        .body("instances.size()", equalTo(0));
  }

  @Test
  void anUnknownRouteIs404WithTheErrorBody() {
    Api.as(Tokens.admin())
        .get("/api/nothing-here")
        .then()
        .statusCode(404)
        .body("error", equalTo("not_found"));
  }
}
