package io.etherwatch.auth;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls to the service under test. Each test gets its own client address (X-Forwarded-For, trusted
 * from loopback) so that the per-address throttle of one test does not reach another.
 */
final class Api {
  private static final AtomicInteger NEXT = new AtomicInteger(1);
  private static final String ADMIN_ADDRESS =
      "10.%d.255.254".formatted((int) (ProcessHandle.current().pid() % 200));

  private Api() {}

  /** A client address no other test uses. */
  static String newAddress() {
    int n = NEXT.getAndIncrement();
    return "10.%d.%d.%d"
        .formatted((int) (ProcessHandle.current().pid() % 200), n / 250, n % 250 + 1);
  }

  /** The first four groups of an IPv6 /64 no other test uses, with their colon. */
  static String newIpv6Network() {
    return "2001:db8:%x:%x:"
        .formatted(ProcessHandle.current().pid() % 0xffff, NEXT.getAndIncrement());
  }

  /** A username no other test uses. */
  static String newUsername(String prefix) {
    return prefix + "-" + NEXT.getAndIncrement();
  }

  static RequestSpecification from(String address) {
    return given().header("X-Forwarded-For", address).contentType(ContentType.JSON);
  }

  static Response login(String username, String password, String address) {
    return from(address)
        .body(Map.of("username", username, "password", password))
        .post("/api/authenticate");
  }

  /**
   * The first-start admin's token, always from one address: after its first login the pair is
   * known, so a service-wide failure budget that another test spent does not slow the setup down.
   */
  static String adminToken() {
    return login("admin", AuthTestEnv.adminPassword(), ADMIN_ADDRESS)
        .then()
        .statusCode(201)
        .extract()
        .path("token");
  }

  /** {@code POST /api/verify} with {@code token} as the bearer. */
  static Response verify(String token) {
    return given().auth().oauth2(token).post("/api/verify");
  }

  /** Creates a user through the admin API and returns its password. */
  static String createUser(String username, List<String> roles) {
    String password = "correct horse " + username + " battery";
    given()
        .auth()
        .oauth2(adminToken())
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "username",
                username,
                "password",
                password,
                "roles",
                roles,
                "logGroups",
                List.of("app/*")))
        .post("/api/users")
        .then()
        .statusCode(201);
    return password;
  }
}
