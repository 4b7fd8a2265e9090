package io.etherwatch.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = AuthTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class RefreshTest {

  @Inject DataSource db;

  @Test
  void rotationGivesANewPairAndSpendsTheOldToken() {
    Map<String, Object> first = loginAsNewUser();

    Map<String, Object> second =
        refresh((String) first.get("refreshToken")).then().statusCode(201).extract().as(Map.class);

    assertThat(second.keySet())
        .containsExactly("token", "tokenType", "expiresIn", "refreshToken", "refreshExpiresIn");
    assertThat(second.get("refreshToken")).isNotEqualTo(first.get("refreshToken"));
    assertThat(second.get("expiresIn")).isEqualTo(1200);
    // The family's end does not move: rotation never extends the 8 hours.
    assertThat(((Number) second.get("refreshExpiresIn")).longValue())
        .isLessThanOrEqualTo(((Number) first.get("refreshExpiresIn")).longValue());
    Api.from(Api.newAddress())
        .auth()
        .oauth2((String) second.get("token"))
        .post("/api/verify")
        .then()
        .statusCode(200);
    refresh((String) second.get("refreshToken")).then().statusCode(201);
  }

  @Test
  void reusingASpentTokenRevokesTheWholeFamily() {
    Map<String, Object> first = loginAsNewUser();
    String spent = (String) first.get("refreshToken");
    String next = rotate(spent);

    refresh(spent).then().statusCode(401).body("error", equalTo("invalid_refresh_token"));

    // The thief's replay also killed the legitimate holder's newer token.
    refresh(next).then().statusCode(401).body("error", equalTo("invalid_refresh_token"));
  }

  @Test
  void reuseDoesNotTouchAnotherLoginOfTheSameUser() {
    String user = Api.newUsername("twice");
    String password = Api.createUser(user, List.of("viewer"));
    String a = Api.login(user, password, Api.newAddress()).then().extract().path("refreshToken");
    String b = Api.login(user, password, Api.newAddress()).then().extract().path("refreshToken");
    refresh(a).then().statusCode(201);

    refresh(a).then().statusCode(401);

    refresh(b).then().statusCode(201);
  }

  @Test
  void logoutRevokesTheFamily() {
    Map<String, Object> first = loginAsNewUser();
    String next = rotate((String) first.get("refreshToken"));

    Api.from(Api.newAddress())
        .body(Map.of("refreshToken", next))
        .post("/api/logout")
        .then()
        .statusCode(204);

    refresh(next).then().statusCode(401);
  }

  @Test
  void absoluteLifetimeEnds() throws Exception {
    Map<String, Object> first = loginAsNewUser();
    assertThat(first.get("refreshExpiresIn")).isEqualTo(8 * 3600);
    String next = rotate((String) first.get("refreshToken"));

    // Eight hours pass for this family: its end is moved to just now.
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE refresh_family SET expires_at = now() - interval '1 second'"
                    + " WHERE id = (SELECT family_id FROM refresh_token WHERE token_hash = sha256(?::bytea))")) {
      s.setString(1, next);
      assertThat(s.executeUpdate()).isEqualTo(1);
    }

    refresh(next).then().statusCode(401).body("error", equalTo("invalid_refresh_token"));
  }

  @Test
  void unknownOrMissingRefreshToken() {
    refresh("not-a-token-we-issued").then().statusCode(401);
    Api.from(Api.newAddress())
        .body("{}")
        .post("/api/token/refresh")
        .then()
        .statusCode(400)
        .body("error", equalTo("bad_request"));
    Api.from(Api.newAddress()).body("{}").post("/api/logout").then().statusCode(400);
  }

  @Test
  void storesOnlyTheHashOfRefreshTokens() throws Exception {
    String token = (String) loginAsNewUser().get("refreshToken");

    assertThat(
            count("SELECT count(*) FROM refresh_token WHERE token_hash = sha256(?::bytea)", token))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM refresh_token WHERE token_hash = convert_to(?, 'UTF8')",
                token))
        .isZero();
  }

  private int count(String sql, String token) throws Exception {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, token);
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static Map<String, Object> loginAsNewUser() {
    String user = Api.newUsername("rita");
    String password = Api.createUser(user, List.of("viewer"));
    return Api.login(user, password, Api.newAddress())
        .then()
        .statusCode(201)
        .extract()
        .as(Map.class);
  }

  /** Refreshes once, successfully, and returns the new refresh token. */
  private static String rotate(String refreshToken) {
    return refresh(refreshToken).then().statusCode(201).extract().path("refreshToken");
  }

  private static Response refresh(String refreshToken) {
    return Api.from(Api.newAddress())
        .body(Map.of("refreshToken", refreshToken))
        .post("/api/token/refresh");
  }
}
