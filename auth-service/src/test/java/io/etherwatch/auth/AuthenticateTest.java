package io.etherwatch.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = AuthTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AuthenticateTest {

  @Test
  void issuesTokenPairWithExactlyTheDesignedFields() {
    String user = Api.newUsername("alice");
    String password = Api.createUser(user, List.of("viewer", "operator"));

    Response response = Api.login(user, password, Api.newAddress());

    response.then().statusCode(201).contentType(ContentType.JSON);
    Map<String, Object> body = response.as(Map.class);
    assertThat(body.keySet())
        .containsExactly("token", "tokenType", "expiresIn", "refreshToken", "refreshExpiresIn");
    assertThat(body.get("tokenType")).isEqualTo("Bearer");
    assertThat(body.get("expiresIn")).isEqualTo(1200);
    assertThat(body.get("refreshExpiresIn")).isEqualTo(8 * 3600);
    assertThat((String) body.get("refreshToken")).hasSizeGreaterThanOrEqualTo(43);
  }

  @Test
  void accessTokenCarriesTheDesignedClaimsAndKid() throws Exception {
    String user = Api.newUsername("bob");
    String password = Api.createUser(user, List.of("viewer"));

    String token =
        Api.login(user, password, Api.newAddress()).then().statusCode(201).extract().path("token");

    String[] parts = token.split("\\.");
    Map<String, Object> header = JsonUtil.parseJson(decode(parts[0]));
    Map<String, Object> claims = JsonUtil.parseJson(decode(parts[1]));
    assertThat(header).containsEntry("alg", "RS256").containsEntry("kid", AuthTestEnv.KEY_ID);
    assertThat(claims.keySet())
        .containsExactlyInAnyOrder("iss", "aud", "sub", "upn", "groups", "lg", "iat", "exp", "jti");
    assertThat(claims)
        .containsEntry("iss", "etherwatch")
        .containsEntry("aud", "etherwatch-api")
        .containsEntry("sub", user)
        .containsEntry("upn", user)
        .containsEntry("groups", List.of("viewer"))
        .containsEntry("lg", List.of("app/*"));
    assertThat(((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue())
        .isEqualTo(1200);
  }

  @Test
  void verifyAcceptsAnIssuedToken() {
    String user = Api.newUsername("carol");
    String password = Api.createUser(user, List.of("viewer"));
    String token = Api.login(user, password, Api.newAddress()).then().extract().path("token");

    Api.verify(token)
        .then()
        .statusCode(200)
        .body("valid", equalTo(true))
        .body("sub", equalTo(user));
  }

  @Test
  void wrongPasswordAndUnknownUserGetTheSameAnswer() {
    String user = Api.newUsername("dave");
    Api.createUser(user, List.of("viewer"));

    Response wrongPassword = Api.login(user, "not the password at all", Api.newAddress());
    Response unknownUser =
        Api.login(Api.newUsername("nobody"), "not the password at all", Api.newAddress());

    wrongPassword.then().statusCode(401);
    unknownUser.then().statusCode(401);
    assertThat(unknownUser.asString()).isEqualTo(wrongPassword.asString());
    assertThat(wrongPassword.asString())
        .isEqualTo(
            "{\"error\":\"invalid_credentials\",\"message\":\"Invalid username or password\"}");
  }

  @Test
  void unknownUserCostsOneArgon2idRunLikeAWrongPassword() {
    String user = Api.newUsername("erik");
    Api.createUser(user, List.of("viewer"));

    double before = argon2idRuns();
    Api.login(user, "not the password at all", Api.newAddress()).then().statusCode(401);
    double afterWrongPassword = argon2idRuns();
    Api.login(Api.newUsername("nobody"), "not the password at all", Api.newAddress())
        .then()
        .statusCode(401);
    double afterUnknownUser = argon2idRuns();

    assertThat(afterWrongPassword - before).isEqualTo(1.0);
    assertThat(afterUnknownUser - afterWrongPassword).isEqualTo(1.0);
  }

  @Test
  void malformedBodyIs400WithoutEchoingIt() {
    String secret = "hunter2-secret-" + System.nanoTime();
    for (String body :
        List.of(
            "{\"username\":\"x\",\"password\":\"" + secret + "\"",
            "{\"username\":[\"" + secret + "\"],\"password\":\"" + secret + "\"}",
            "{\"password\":\"" + secret + "\"}",
            "not json " + secret)) {
      String answer =
          Api.from(Api.newAddress())
              .body(body)
              .post("/api/authenticate")
              .then()
              .statusCode(400)
              .body("error", equalTo("bad_request"))
              .extract()
              .asString();
      assertThat(answer).doesNotContain(secret);
    }
  }

  @Test
  void verifyWithoutTokenIs401() {
    given().post("/api/verify").then().statusCode(401).body("error", equalTo("unauthorized"));
  }

  @Test
  void unknownRouteWrongMethodAndWrongMediaTypeAreJsonErrors() {
    given().get("/api/nothing-here").then().statusCode(404).body("error", equalTo("not_found"));
    given()
        .get("/api/authenticate")
        .then()
        .statusCode(405)
        .body("error", equalTo("method_not_allowed"));
    given()
        .contentType(ContentType.TEXT)
        .body("username=admin&password=x")
        .post("/api/authenticate")
        .then()
        .statusCode(415)
        .body("error", equalTo("unsupported_media_type"));
  }

  private static double argon2idRuns() {
    return given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .extract()
        .asString()
        .lines()
        .filter(l -> l.startsWith("etherwatch_auth_argon2id_runs_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow();
  }

  private static String decode(String part) {
    return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
  }
}
