package io.etherwatch.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The published OpenAPI document names every route with every status code the README lists. */
@QuarkusTest
@WithTestResource(value = AuthTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class OpenApiTest {

  @Test
  void documentsEveryRouteAndStatus() {
    JsonPath doc = document();
    Map<String, Set<String>> expected =
        Map.ofEntries(
            Map.entry("/api/authenticate post", Set.of("201", "400", "401", "429")),
            Map.entry("/api/token/refresh post", Set.of("201", "400", "401")),
            Map.entry("/api/logout post", Set.of("204", "400")),
            Map.entry("/api/verify post", Set.of("200", "401")),
            Map.entry("/.well-known/jwks.json get", Set.of("200")),
            Map.entry("/api/users get", Set.of("200", "401", "403")),
            Map.entry("/api/users post", Set.of("201", "400", "401", "403", "409")),
            Map.entry("/api/users/{username} get", Set.of("200", "401", "403", "404")),
            Map.entry(
                "/api/users/{username} put", Set.of("200", "400", "401", "403", "404", "409")),
            Map.entry("/api/users/{username} delete", Set.of("204", "401", "403", "404", "409")));
    expected.forEach(
        (route, statuses) -> {
          String[] pathAndMethod = route.split(" ");
          Map<String, Object> responses =
              doc.getMap("paths.'" + pathAndMethod[0] + "'." + pathAndMethod[1] + ".responses");
          assertThat(responses).as(route).isNotNull();
          assertThat(responses.keySet()).as(route).containsAll(statuses);
        });
  }

  @Test
  void statesTheBoundsTheCodeEnforces() {
    JsonPath doc = document();
    String schemas = "components.schemas.";

    assertThat(doc.getList(schemas + "LoginRequest.required"))
        .containsExactlyInAnyOrder("username", "password");
    assertThat(doc.getInt(schemas + "LoginRequest.properties.username.maxLength")).isEqualTo(256);
    assertThat(doc.getInt(schemas + "LoginRequest.properties.password.minLength")).isEqualTo(1);
    assertThat(doc.getList(schemas + "RefreshRequest.required")).containsExactly("refreshToken");
    assertThat(doc.getList(schemas + "CreateUserRequest.required"))
        .containsExactlyInAnyOrder("username", "password");
    assertThat(doc.getString(schemas + "CreateUserRequest.properties.username.pattern"))
        .isEqualTo("^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$");
    for (String request : List.of("CreateUserRequest", "UpdateUserRequest")) {
      String properties = schemas + request + ".properties.";
      assertThat(doc.getInt(properties + "password.minLength")).isEqualTo(12);
      assertThat(doc.getInt(properties + "password.maxLength")).isEqualTo(128);
      assertThat(doc.getList(properties + "roles.items.enum"))
          .containsExactly("admin", "operator", "viewer");
      assertThat(doc.getInt(properties + "roles.minItems")).isEqualTo(1);
      assertThat(doc.getInt(properties + "logGroups.maxItems")).isEqualTo(100);
      assertThat(doc.getInt(properties + "logGroups.items.maxLength")).isEqualTo(512);
      assertThat(doc.getString(properties + "logGroups.items.pattern")).isNotBlank();
    }
    for (String method : List.of("get", "put", "delete")) {
      Map<String, Object> username =
          doc.getMap("paths.'/api/users/{username}'." + method + ".parameters[0].schema");
      assertThat(username).as(method).containsEntry("maxLength", 64).containsKey("pattern");
    }
  }

  /** The served OpenAPI document, as JSON. */
  private static JsonPath document() {
    return given()
        .accept("application/json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }
}
