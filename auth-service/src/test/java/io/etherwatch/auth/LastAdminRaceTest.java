package io.etherwatch.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With exactly two admins, two concurrent requests that each remove one (delete, demote, or one of
 * each), released together by a latch, many times: one wins, the other is 409 {@code last_admin},
 * and an admin always remains. The other admins of the shared database are demoted in SQL for the
 * race and put back afterwards.
 */
@QuarkusTest
@WithTestResource(value = AuthTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class LastAdminRaceTest {
  private static final int ROUNDS = 8;

  @Inject DataSource db;

  private String token;

  @BeforeEach
  void keepTheAdmins() throws SQLException {
    token = Api.adminToken();
    sql("DROP TABLE IF EXISTS race_saved_admins");
    sql("CREATE TABLE race_saved_admins AS SELECT * FROM users WHERE 'admin' = ANY (roles)");
  }

  @AfterEach
  void dropTheSavedAdmins() throws SQLException {
    restoreTheAdmins();
    sql("DROP TABLE race_saved_admins");
  }

  private void restoreTheAdmins() throws SQLException {
    sql(
        "INSERT INTO users SELECT * FROM race_saved_admins ON CONFLICT (username) DO UPDATE SET"
            + " password_hash = EXCLUDED.password_hash, roles = EXCLUDED.roles,"
            + " log_groups = EXCLUDED.log_groups, updated_at = EXCLUDED.updated_at");
  }

  @Test
  void twoConcurrentDeletesOfTheLastTwoAdminsLeaveOne() throws Exception {
    race(name -> () -> delete(name), name -> () -> delete(name));
  }

  @Test
  void twoConcurrentDemotionsOfTheLastTwoAdminsLeaveOne() throws Exception {
    race(name -> () -> demote(name), name -> () -> demote(name));
  }

  @Test
  void aConcurrentDemotionAndDeletionOfTheLastTwoAdminsLeaveOne() throws Exception {
    race(name -> () -> demote(name), name -> () -> delete(name));
  }

  private void race(
      Function<String, Callable<Integer>> first, Function<String, Callable<Integer>> second)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        String a = Api.newUsername("race-admin");
        String b = Api.newUsername("race-admin");
        Api.createUser(a, List.of("admin"));
        Api.createUser(b, List.of("admin"));
        onlyAdmins(a, b);

        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (Callable<Integer> call : List.of(first.apply(a), second.apply(b))) {
          answers.add(
              pool.submit(
                  () -> {
                    go.await();
                    return call.call();
                  }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> answer : answers) {
          statuses.add(answer.get(1, TimeUnit.MINUTES));
        }

        assertThat(admins()).as("round %d: %s", round, statuses).isEqualTo(1);
        // One removal wins (200 for a demotion, 204 for a deletion), the other is last_admin.
        assertThat(statuses).as("round %d", round).hasSize(2).containsOnlyOnce(409);
        assertThat(statuses).as("round %d", round).containsAnyOf(200, 204);
        restoreTheAdmins();
        sql("DELETE FROM users WHERE username IN ('" + a + "', '" + b + "')");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private int delete(String name) {
    return given().auth().oauth2(token).delete("/api/users/" + name).statusCode();
  }

  private int demote(String name) {
    return given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(Map.of("roles", List.of("viewer")))
        .put("/api/users/" + name)
        .statusCode();
  }

  /** Leaves the admin role only to {@code a} and {@code b}. */
  private void onlyAdmins(String a, String b) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE users SET roles = array_remove(roles, 'admin')"
                    + " WHERE 'admin' = ANY (roles) AND username NOT IN (?, ?)")) {
      s.setString(1, a);
      s.setString(2, b);
      s.executeUpdate();
    }
    assertThat(admins()).isEqualTo(2);
  }

  private int admins() throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM users WHERE 'admin' = ANY (roles)")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private void sql(String statement) throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
