package io.etherwatch.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = AuthTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class UserResourceTest {
  @Inject DataSource db;

  @Test
  void adminCreatesReadsUpdatesAndDeletesAUser() {
    String name = Api.newUsername("crud");
    String password = "a fine long passphrase " + name;

    asAdmin()
        .body(
            Map.of(
                "username",
                name,
                "password",
                password,
                "roles",
                List.of("viewer"),
                "logGroups",
                List.of("web/*")))
        .post("/api/users")
        .then()
        .statusCode(201)
        .header("Location", org.hamcrest.Matchers.endsWith("/api/users/" + name))
        .body("username", equalTo(name))
        .body("roles", contains("viewer"))
        .body("logGroups", contains("web/*"))
        .body("$", not(org.hamcrest.Matchers.hasKey("password")))
        .body("$", not(org.hamcrest.Matchers.hasKey("passwordHash")));
    asAdmin().get("/api/users").then().statusCode(200).body("users.username", hasItem(name));
    asAdmin().get("/api/users/" + name).then().statusCode(200).body("roles", contains("viewer"));

    asAdmin()
        .body(Map.of("roles", List.of("viewer", "operator"), "logGroups", List.of("*")))
        .put("/api/users/" + name)
        .then()
        .statusCode(200)
        .body("roles", contains("operator", "viewer"))
        .body("logGroups", contains("*"));
    String token =
        Api.login(name, password, Api.newAddress()).then().statusCode(201).extract().path("token");
    Api.verify(token).then().statusCode(200).body("sub", equalTo(name));

    asAdmin().delete("/api/users/" + name).then().statusCode(204);
    asAdmin().get("/api/users/" + name).then().statusCode(404).body("error", equalTo("not_found"));
    asAdmin().delete("/api/users/" + name).then().statusCode(404);
    Api.login(name, password, Api.newAddress()).then().statusCode(401);
  }

  @Test
  void newPasswordWorksAndEndsTheOldSessions() {
    String name = Api.newUsername("rotate");
    String old = Api.createUser(name, List.of("viewer"));
    String refresh =
        Api.login(name, old, Api.newAddress())
            .then()
            .statusCode(201)
            .extract()
            .path("refreshToken");
    String fresh = "another long passphrase for " + name;

    asAdmin().body(Map.of("password", fresh)).put("/api/users/" + name).then().statusCode(200);

    Api.login(name, old, Api.newAddress()).then().statusCode(401);
    Api.login(name, fresh, Api.newAddress()).then().statusCode(201);
    Api.from(Api.newAddress())
        .body(Map.of("refreshToken", refresh))
        .post("/api/token/refresh")
        .then()
        .statusCode(401);
  }

  @Test
  void viewerGets403AndNoTokenGets401() {
    String name = Api.newUsername("viewer");
    String password = Api.createUser(name, List.of("viewer", "operator"));
    String token = Api.login(name, password, Api.newAddress()).then().extract().path("token");

    given()
        .auth()
        .oauth2(token)
        .get("/api/users")
        .then()
        .statusCode(403)
        .body("error", equalTo("forbidden"));
    given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(Map.of("username", "sneaky", "password", "a fine long passphrase"))
        .post("/api/users")
        .then()
        .statusCode(403);
    given().get("/api/users").then().statusCode(401).body("error", equalTo("unauthorized"));
    given()
        .auth()
        .oauth2("garbage")
        .delete("/api/users/admin")
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_token"));
  }

  @Test
  void badBodiesAre400WithoutEchoingThePassword() {
    String secret = "Secret-" + System.nanoTime();
    List<String> bodies =
        List.of(
            "{\"username\":\"ok-name\",\"password\":\"" + secret + "\"",
            "{\"username\":\"bad name!\",\"password\":\"" + secret + "-long-enough\"}",
            "{\"username\":\"ok-name\",\"password\":\""
                + secret
                + "-long-enough\",\"roles\":[\"root\"]}",
            "{\"username\":\"ok-name\",\"password\":\""
                + secret
                + "-long-enough\",\"roles\":\"admin\"}",
            "{\"username\":\"ok-name\",\"password\":\"short\"}",
            "{\"username\":\"ok-name\",\"password\":\"" + "x".repeat(129) + secret + "\"}",
            "{\"username\":\"ok-name\",\"password\":\"Password1234\"}",
            "{\"username\":\"ok-name-long\",\"password\":\"OK-NAME-LONG\"}",
            "{\"username\":\"ok-name\"}",
            "[\"" + secret + "\"]",
            "{\"username\":\"ok-name\",\"password\":\""
                + secret
                + "-long-enough\",\"roles\":[null],\"logGroups\":[]}",
            "{\"username\":\"ok-name\",\"password\":\""
                + secret
                + "-long-enough\",\"roles\":[\"admin\",null]}",
            "{\"username\":\"ok-name\",\"password\":\"" + secret + "-long-enough\",\"roles\":[1]}",
            "{\"username\":\"ok-name\",\"password\":\""
                + secret
                + "-long-enough\",\"logGroups\":[\"app/\\u0000\"]}",
            "{\"username\":\"ok\\u0000name\",\"password\":\"" + secret + "-long-enough\"}",
            "{\"username\":12345,\"password\":\"" + secret + "-long-enough\"}",
            "{\"username\":\"ok-name\",\"password\":123456789012345}");
    for (String body : bodies) {
      String answer =
          asAdmin()
              .body(body)
              .post("/api/users")
              .then()
              .statusCode(400)
              .body("error", equalTo("bad_request"))
              .extract()
              .asString();
      assertThat(answer).doesNotContain(secret).doesNotContain("Password1234");
    }
    asAdmin().get("/api/users/ok-name").then().statusCode(404);
  }

  @Test
  void badChangesAre400AndNamesNoUserCanHaveAre404() {
    String name = Api.newUsername("change");
    Api.createUser(name, List.of("viewer"));
    for (String body :
        List.of(
            "{\"roles\":[null]}",
            "{\"roles\":[\"viewer\",null]}",
            "{\"roles\":[\"root\"]}",
            "{\"roles\":[true]}",
            "{\"logGroups\":[null]}",
            "{\"logGroups\":[\"app\\u0000\"]}",
            "{\"password\":42}")) {
      asAdmin()
          .body(body)
          .put("/api/users/" + name)
          .then()
          .statusCode(400)
          .body("error", equalTo("bad_request"));
    }
    asAdmin().get("/api/users/" + name).then().statusCode(200).body("roles", contains("viewer"));
    for (String path :
        List.of("/api/users/a%00b", "/api/users/%0A", "/api/users/" + "x".repeat(65))) {
      asAdmin().urlEncodingEnabled(false).get(path).then().statusCode(404);
      asAdmin().urlEncodingEnabled(false).delete(path).then().statusCode(404);
      asAdmin()
          .urlEncodingEnabled(false)
          .body("{\"roles\":[\"viewer\"]}")
          .put(path)
          .then()
          .statusCode(404)
          .body("error", equalTo("not_found"));
    }
  }

  @Test
  void duplicateUserIs409WhateverTheCase() {
    String name = Api.newUsername("dup");
    Api.createUser(name, List.of("viewer"));

    for (String again : List.of(name, name.toUpperCase())) {
      asAdmin()
          .body(Map.of("username", again, "password", "yet another long passphrase"))
          .post("/api/users")
          .then()
          .statusCode(409)
          .body("error", equalTo("conflict"));
    }
  }

  @Test
  void theLastAdminCannotBeDeletedOrDemoted() throws SQLException {
    RequestSpecification admin = asAdmin();
    // Other classes share the database and may have made admins: for this test "admin" is the
    // only one, and the others get their roles back afterwards.
    Map<String, Object[]> others = new HashMap<>();
    try (Connection c = db.getConnection()) {
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT username, roles FROM users"
                      + " WHERE 'admin' = ANY (roles) AND username <> 'admin'")) {
        while (rs.next()) {
          others.put(rs.getString(1), (Object[]) rs.getArray(2).getArray());
        }
      }
      try (Statement s = c.createStatement()) {
        s.executeUpdate(
            "UPDATE users SET roles = array_remove(roles, 'admin')"
                + " WHERE 'admin' = ANY (roles) AND username <> 'admin'");
      }
      try {
        admin
            .delete("/api/users/admin")
            .then()
            .statusCode(409)
            .body("error", equalTo("last_admin"));
        asAdmin()
            .body(Map.of("roles", List.of("viewer")))
            .put("/api/users/admin")
            .then()
            .statusCode(409);
        asAdmin().get("/api/users/admin").then().statusCode(200).body("roles", hasItem("admin"));
      } finally {
        for (Map.Entry<String, Object[]> other : others.entrySet()) {
          try (PreparedStatement s =
              c.prepareStatement("UPDATE users SET roles = ? WHERE username = ?")) {
            s.setArray(1, c.createArrayOf("text", other.getValue()));
            s.setString(2, other.getKey());
            s.executeUpdate();
          }
        }
      }
    }
  }

  @Test
  void unknownUserIs404() {
    asAdmin().get("/api/users/nobody-here").then().statusCode(404);
    asAdmin()
        .body(Map.of("roles", List.of("viewer")))
        .put("/api/users/nobody-here")
        .then()
        .statusCode(404);
  }

  private static RequestSpecification asAdmin() {
    return given().auth().oauth2(Api.adminToken()).contentType(ContentType.JSON);
  }
}
