package io.etherwatch.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The test profile's first delay is 10 s (application.properties), long enough to act within it.
 */
@QuarkusTest
@WithTestResource(value = AuthTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ThrottleTest {
  @Inject DataSource db;
  private static final String WRONG = "definitely not the password";

  @Test
  void sixthQuickFailureGets429WithRetryAfter() {
    String user = Api.newUsername("target");
    Api.createUser(user, List.of("viewer"));
    String address = Api.newAddress();
    for (int i = 1; i <= 5; i++) {
      Api.login(user, WRONG, address).then().statusCode(401);
    }

    Response sixth = Api.login(user, WRONG, address);

    sixth.then().statusCode(429).body("error", equalTo("too_many_attempts"));
    assertThat(Integer.parseInt(sixth.header("Retry-After"))).isBetween(1, 10);
  }

  @Test
  void correctPasswordDuringTheDelayIsRefusedAndAcceptedAfterIt() throws Exception {
    String user = Api.newUsername("patient");
    String password = Api.createUser(user, List.of("viewer"));
    String address = Api.newAddress();
    for (int i = 1; i <= 5; i++) {
      Api.login(user, WRONG, address).then().statusCode(401);
    }

    Response during = Api.login(user, password, address);
    during.then().statusCode(429);
    // The answer while delayed says nothing about the password: it was not checked.
    assertThat(during.asString()).doesNotContain("token");

    Thread.sleep(Duration.ofSeconds(Long.parseLong(during.header("Retry-After"))).toMillis() + 200);
    Api.login(user, password, address).then().statusCode(201);
  }

  @Test
  void anotherUserIsUnaffected() {
    String victim = Api.newUsername("victim");
    Api.createUser(victim, List.of("viewer"));
    String bystander = Api.newUsername("bystander");
    String bystanderPassword = Api.createUser(bystander, List.of("viewer"));
    String attacker = Api.newAddress();
    for (int i = 1; i <= 6; i++) {
      Api.login(victim, WRONG, attacker);
    }
    Api.login(victim, WRONG, attacker).then().statusCode(429);

    Api.login(bystander, bystanderPassword, Api.newAddress()).then().statusCode(201);
  }

  @Test
  void aParallelBurstIsJudgedOneByOne() throws Exception {
    String user = Api.newUsername("burst");
    Api.createUser(user, List.of("viewer"));
    String address = Api.newAddress();
    int burst = 20;
    ExecutorService pool = Executors.newFixedThreadPool(burst);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < burst; i++) {
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  return Api.login(user, WRONG, address).statusCode();
                }));
      }
      go.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> answer : answers) {
        statuses.add(answer.get(2, TimeUnit.MINUTES));
      }

      // Only the five free attempts were evaluated; every other one was refused unevaluated.
      assertThat(statuses).hasSize(burst);
      assertThat(statuses.stream().filter(s -> s == 401).count()).isEqualTo(5);
      assertThat(statuses.stream().filter(s -> s == 429).count()).isEqualTo(burst - 5);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void forgetsKeysIdleForMoreThanAnHour() throws Exception {
    String stale = "u:" + Api.newUsername("stale");
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO login_throttle VALUES (?, 3, now() - interval '2 hours', NULL,"
                    + " now() - interval '2 hours', 3)")) {
      s.setString(1, stale);
      s.executeUpdate();
    }

    Api.login(Api.newUsername("someone"), WRONG, Api.newAddress()).then().statusCode(401);

    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT count(*) FROM login_throttle WHERE throttle_key = ?")) {
      s.setString(1, stale);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
    }
  }

  @Test
  void unknownUsernamesAreThrottledLikeKnownOnes() {
    String ghost = Api.newUsername("ghost");
    String address = Api.newAddress();
    for (int i = 1; i <= 5; i++) {
      Api.login(ghost, WRONG, address).then().statusCode(401);
    }

    Api.login(ghost, WRONG, Api.newAddress()).then().statusCode(429);
  }

  @Test
  void oneAddressTryingManyUsernamesIsDelayed() {
    String address = Api.newAddress();
    for (int i = 1; i <= 5; i++) {
      Api.login(Api.newUsername("spray"), WRONG, address).then().statusCode(401);
    }

    Api.login(Api.newUsername("spray"), WRONG, address).then().statusCode(429);
    Api.login(Api.newUsername("spray"), WRONG, Api.newAddress()).then().statusCode(401);
  }

  @Test
  void rotatingForwardedForCannotEscapeTheAddressCount() {
    // Behind an appending proxy the client writes the left part and the proxy appends what it saw.
    String client = Api.newAddress();
    List<Integer> statuses = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      statuses.add(
          given()
              .header("X-Forwarded-For", "203.0.113." + i + ", " + client)
              .contentType(ContentType.JSON)
              .body(Map.of("username", Api.newUsername("xff"), "password", WRONG))
              .post("/api/authenticate")
              .statusCode());
    }

    assertThat(statuses.subList(0, 5)).containsOnly(401);
    assertThat(statuses.subList(5, 20)).containsOnly(429);
  }

  @Test
  void twoHundredSpoofedAddressesMeetTheServiceWideGuard() throws Exception {
    // Straight from loopback (a trusted proxy) every X-Forwarded-For is believed, so each attempt
    // is a new address and a new username: only the service-wide budget sees the spray.
    List<Response> answers = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        answers.add(Api.login(Api.newUsername("spray"), WRONG, Api.newAddress()));
      }

      List<Response> refused = answers.stream().filter(r -> r.statusCode() == 429).toList();
      assertThat(refused).isNotEmpty();
      assertThat(answers.stream().filter(r -> r.statusCode() != 401 && r.statusCode() != 429))
          .isEmpty();
      for (Response r : refused) {
        assertThat(r.jsonPath().getString("error")).isEqualTo("too_many_attempts");
        // It slows everyone down, it never locks anyone out: one interval (60 s / 30) at most.
        assertThat(Integer.parseInt(r.header("Retry-After"))).isBetween(1, 2);
      }
      Thread.sleep(2100);
      String user = Api.newUsername("patient");
      String password = Api.createUser(user, List.of("viewer"));
      Api.login(user, password, Api.newAddress()).then().statusCode(201);
    } finally {
      refillServiceWideBudget();
    }
  }

  @Test
  void ipv6AddressesOfOneSlash64ShareTheirCount() {
    String network = Api.newIpv6Network();
    for (int i = 1; i <= 5; i++) {
      Api.login(Api.newUsername("v6"), WRONG, network + ":" + Integer.toHexString(i))
          .then()
          .statusCode(401);
    }

    Api.login(Api.newUsername("v6"), WRONG, network + "ffff:1:2:3").then().statusCode(429);
    Api.login(Api.newUsername("v6"), WRONG, Api.newIpv6Network() + ":1").then().statusCode(401);
  }

  @Test
  void rightPasswordsFromAnAddressWithEarlierFailuresDoNotDelayTheNextLogin() throws Exception {
    String address = Api.newAddress();
    for (int i = 1; i <= 5; i++) {
      Api.login(Api.newUsername("nat"), WRONG, address).then().statusCode(401);
    }
    // The delay those five earned (10 s in tests) has passed.
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE login_throttle SET blocked_until = now() - interval '1 second'"
                    + " WHERE throttle_key = ?")) {
      s.setString(1, "a:" + address);
      assertThat(s.executeUpdate()).isEqualTo(1);
    }
    String user = Api.newUsername("behind-nat");
    String password = Api.createUser(user, List.of("viewer"));

    for (int i = 0; i < 3; i++) {
      Api.login(user, password, address).then().statusCode(201);
      Thread.sleep(2000);
    }
    // The address keeps its five failures: the next wrong one is delayed again.
    Api.login(Api.newUsername("nat"), WRONG, address).then().statusCode(401);
    Api.login(Api.newUsername("nat"), WRONG, address).then().statusCode(429);
  }

  @Test
  void aSpentServiceWideBudgetDoesNotSlowAUserFromAnAddressTheyUsedBefore() throws Exception {
    String user = Api.newUsername("regular");
    String password = Api.createUser(user, List.of("viewer"));
    String home = Api.newAddress();
    Api.login(user, password, home).then().statusCode(201);
    try {
      // A flood has spent the budget, for longer than this test runs.
      try (Connection c = db.getConnection();
          PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO login_guard VALUES ('failed-logins', now() + interval '160 seconds')"
                      + " ON CONFLICT (name) DO UPDATE SET"
                      + " theoretical_arrival = EXCLUDED.theoretical_arrival")) {
        s.executeUpdate();
      }

      Api.login(user, password, home).then().statusCode(201);
      Api.login(user, WRONG, home).then().statusCode(401);
      Api.login(user, password, Api.newAddress())
          .then()
          .statusCode(429)
          .body("message", org.hamcrest.Matchers.containsString("on this service"));
      Api.login(Api.newUsername("stranger"), WRONG, home).then().statusCode(429);
    } finally {
      refillServiceWideBudget();
    }
  }

  private void refillServiceWideBudget() throws Exception {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("DELETE FROM login_guard")) {
      s.executeUpdate();
    }
  }
}
