package io.etherwatch.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every shape of body and path text a client can send gets a 4xx with {@code {"error","message"}}
 * (or the route's own answer where the shape is valid), never a 5xx: wrong types, nulls in arrays,
 * huge numbers, non-objects, unknown roles, overlong strings, control characters (NUL, which
 * PostgreSQL cannot store), on every route of auth-service.
 */
@QuarkusTest
@WithTestResource(value = AuthTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class HostileInputTest {
  private static final String PASSWORD = "\"a perfectly long passphrase\"";
  private static final String LONG = "\"" + "x".repeat(100_000) + "\"";

  /** Bodies of no route's shape, or with values no field accepts. */
  private static final List<String> BODIES =
      List.of(
          "",
          "null",
          "true",
          "42",
          "1e999999",
          "-99999999999999999999999999999999999999999",
          "\"text\"",
          "[]",
          "[null]",
          "{}",
          "{\"username\":null,\"password\":null,\"refreshToken\":null,\"roles\":null}",
          "{\"username\":1,\"password\":2,\"refreshToken\":3}",
          "{\"username\":1e400,\"password\":123456789012345678901234567890,\"refreshToken\":-0.0}",
          "{\"username\":{},\"password\":[],\"refreshToken\":{}}",
          "{\"username\":true,\"password\":false,\"refreshToken\":true}",
          "{\"username\":\"ok-name\",\"password\":" + PASSWORD + ",\"roles\":[null]}",
          "{\"username\":\"ok-name\",\"password\":" + PASSWORD + ",\"roles\":[null,\"admin\"]}",
          "{\"username\":\"ok-name\",\"password\":" + PASSWORD + ",\"logGroups\":[null]}",
          "{\"username\":\"ok-name\",\"password\":" + PASSWORD + ",\"roles\":[1e999]}",
          "{\"username\":\"ok-name\",\"password\":" + PASSWORD + ",\"roles\":[[\"admin\"]]}",
          "{\"username\":\"ok-name\",\"password\":" + PASSWORD + ",\"roles\":{\"a\":1}}",
          "{\"username\":\"ok-name\",\"password\":" + PASSWORD + ",\"roles\":[\"root\"]}",
          "{\"username\":\"ok-name\",\"password\":" + PASSWORD + ",\"roles\":[\"ADMIN\"]}",
          "{\"username\":\"ok-name\",\"password\":" + PASSWORD + ",\"roles\":[\"\"]}",
          "{\"username\":\"ok-name\",\"password\":" + PASSWORD + ",\"roles\":[]}",
          "{\"username\":\"ok-name\",\"password\":"
              + PASSWORD
              + ",\"roles\":"
              + many("\"viewer\"")
              + "}",
          "{\"username\":\"ok-name\",\"password\":"
              + PASSWORD
              + ",\"logGroups\":"
              + many("\"a\"")
              + "}",
          "{\"username\":\"ok-name\",\"password\":" + PASSWORD + ",\"logGroups\":[" + LONG + "]}",
          "{\"username\":\"ok-name\",\"password\":" + PASSWORD + ",\"logGroups\":[\"a\\u0000\"]}",
          "{\"username\":\"ok-name\",\"password\":" + PASSWORD + ",\"logGroups\":[\"\\n\"]}",
          "{\"username\":\"a\\u0000b\",\"password\":" + PASSWORD + ",\"refreshToken\":\"\\u0000\"}",
          "{\"username\":\"\\ud800\",\"password\":\"\\udfff\",\"refreshToken\":\"\\ud800\"}",
          "{\"username\":" + LONG + ",\"password\":" + LONG + ",\"refreshToken\":" + LONG + "}",
          "{\"username\":\"ok-name\",\"password\":" + LONG + "}",
          "{\"username\":\"ok-name\",\"password\":\"short\"}",
          "{\"username\":\"ok-name\",\"password\":\"\",\"refreshToken\":\"\"}",
          "{\"username\":\"ok-name\",\"password\":\"   \",\"refreshToken\":\"   \"}",
          "[".repeat(5000) + "]".repeat(5000),
          "{\"a\":".repeat(3000) + "1" + "}".repeat(3000),
          "{\"username\":\"unterminated",
          "{\"username\":\"ok-name\",}");

  private String admin;

  @BeforeEach
  void adminToken() {
    admin = Api.adminToken();
  }

  @Test
  void loginRefreshAndLogoutAnswerEveryBodyWith4xx() {
    for (String path : List.of("/api/authenticate", "/api/token/refresh", "/api/logout")) {
      for (String body : BODIES) {
        expectNo5xx(path, body, Api.from(Api.newAddress()).body(body).post(path));
      }
    }
  }

  @Test
  void userCreationAndChangeAnswerEveryBodyWith4xx() {
    String existing = Api.newUsername("target");
    Api.createUser(existing, List.of("viewer"));
    for (String body : BODIES) {
      expect4xx("POST /api/users", body, asAdmin().body(body).post("/api/users"));
      // An object without a field of this route's is a change of nothing: 200.
      expectNo5xx("PUT /api/users", body, asAdmin().body(body).put("/api/users/" + existing));
    }
    asAdmin().get("/api/users/ok-name").then().statusCode(404);
    asAdmin().get("/api/users/" + existing).then().statusCode(200);
  }

  @Test
  void bodiesAsBytesThatAreNoUtf8Are4xx() {
    byte[] body = {'{', '"', 'u', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};
    for (String path : List.of("/api/authenticate", "/api/token/refresh", "/api/logout")) {
      expect4xx(path, "bytes", Api.from(Api.newAddress()).body(body).post(path));
    }
    expect4xx("POST /api/users", "bytes", asAdmin().body(body).post("/api/users"));
  }

  @Test
  void everyUsernameInAPathIs4xx() {
    List<String> names =
        List.of(
            "%00",
            "a%00b",
            "%0A",
            "%C3%A9",
            "%F0%9F%92%A9",
            "..",
            "%2E%2E",
            "a%2Fb",
            "a%20b",
            "-leading-dash",
            "x".repeat(65),
            "x".repeat(2000),
            "%25",
            "%ff",
            "1e999");
    for (String name : names) {
      for (Function<RequestSpecification, Response> call :
          List.<Function<RequestSpecification, Response>>of(
              r -> r.get("/api/users/" + name),
              r -> r.body("{\"roles\":[\"viewer\"]}").put("/api/users/" + name),
              r -> r.delete("/api/users/" + name))) {
        expect4xx("/api/users/" + name, "", call.apply(asAdmin().urlEncodingEnabled(false)));
      }
    }
  }

  @Test
  void everyAuthorizationHeaderIs4xx() {
    List<String> headers =
        List.of(
            "",
            "Bearer",
            "Bearer ",
            "Bearer a.b.c",
            "Bearer ...",
            "Bearer " + "x".repeat(6000),
            "Bearer eyJhbGciOiJub25lIn0.e30.",
            "Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6Ilx1MDAwMCJ9.e30.AAAA",
            "Basic YWRtaW46YWRtaW4=",
            "bearer \u00e9\u00e9");
    for (String header : headers) {
      for (Function<RequestSpecification, Response> call :
          List.<Function<RequestSpecification, Response>>of(
              r -> r.post("/api/verify"),
              r -> r.get("/api/users"),
              r -> r.body("{}").post("/api/users"),
              r -> r.get("/api/users/admin"),
              r -> r.delete("/api/users/admin"))) {
        expect4xx(
            "Authorization: " + header.substring(0, Math.min(40, header.length())),
            "",
            call.apply(
                given()
                    .contentType(ContentType.JSON)
                    .header("Authorization", header)
                    .config(
                        io.restassured.RestAssured.config()
                            .encoderConfig(
                                io.restassured.config.EncoderConfig.encoderConfig()
                                    .defaultContentCharset(StandardCharsets.UTF_8)))));
      }
    }
  }

  /**
   * A refusal with the error body, or an answer of the route's own (logout of an unknown token is
   * 204, a change of no field is 200); never a 5xx.
   */
  private static void expectNo5xx(String route, String body, Response response) {
    if (response.statusCode() < 400) {
      String what = route + " with " + body.substring(0, Math.min(120, body.length()));
      assertThat(response.statusCode()).as(what).isBetween(200, 299);
    } else {
      expect4xx(route, body, response);
    }
  }

  private static void expect4xx(String route, String body, Response response) {
    String what = route + " with " + body.substring(0, Math.min(120, body.length()));
    assertThat(response.statusCode()).as(what).isBetween(400, 499);
    assertThat(response.contentType()).as(what).startsWith("application/json");
    assertThat(response.jsonPath().getString("error")).as(what).isNotBlank();
    assertThat(response.jsonPath().getString("message")).as(what).isNotBlank();
  }

  private RequestSpecification asAdmin() {
    return given().auth().oauth2(admin).contentType(ContentType.JSON);
  }

  private static String many(String item) {
    List<String> items = new ArrayList<>(Collections.nCopies(10_000, item));
    return "[" + String.join(",", items) + "]";
  }
}
