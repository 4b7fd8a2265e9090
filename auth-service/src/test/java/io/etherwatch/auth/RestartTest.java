package io.etherwatch.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A second boot of the service (its own profile makes Quarkus restart it, after the other test
 * classes) on the database the first boot migrated and filled.
 */
@QuarkusTest
@TestProfile(RestartTest.SecondBoot.class)
@WithTestResource(value = AuthTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class RestartTest {

  /** Same config; a distinct profile only to get a fresh boot. */
  public static class SecondBoot implements QuarkusTestProfile {}

  @Inject DataSource db;

  @Test
  void restartsOnTheExistingDatabaseWithoutRedoingAnything() throws Exception {
    assertThat(
            count(
                "SELECT count(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL"))
        .isEqualTo(
            count(
                "SELECT count(DISTINCT version) FROM flyway_schema_history WHERE version IS NOT NULL"));
    assertThat(count("SELECT count(*) FROM users WHERE lower(username) = 'admin'")).isEqualTo(1);
    // The admin keeps the password of the first start: the bootstrap did not run again.
    Api.login("admin", AuthTestEnv.adminPassword(), Api.newAddress()).then().statusCode(201);
    given().get("/q/health/ready").then().statusCode(200);
  }

  private long count(String sql) throws Exception {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
