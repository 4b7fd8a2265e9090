package io.etherwatch.auth;

import static io.restassured.RestAssured.given;

import io.etherwatch.testsupport.Schemathesis;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Schemathesis fuzzes every operation of the service's own OpenAPI document for about 20 s: no JSON
 * body, path text or header may be answered with a 5xx, and every 4xx carries {@code
 * {"error","message"}} (issue 13).
 *
 * <p>The fuzzer holds the token of a throwaway admin made for this run, so it reaches the users
 * CRUD, and comes from a client address of its own, so its failed logins throttle nobody else.
 * Every user that exists before the run, the first-start admin and the throwaway admin among them,
 * is protected: a generated username that names one (the fuzzer also reuses names it read from
 * {@code GET /api/users}) is replaced before the request goes out, so the fuzzer can change,
 * delete, or fail logins only for users it created itself.
 */
@QuarkusTest
@WithTestResource(value = AuthTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class OpenApiFuzzTest {
  @TestHTTPResource("/")
  URL root;

  @Test
  void noInputIsAnsweredWithAServerError() {
    String fuzzer = Api.newUsername("fuzz-admin");
    String password = Api.createUser(fuzzer, List.of("admin"));
    String address = Api.newAddress();
    String token =
        Api.login(fuzzer, password, address).then().statusCode(201).extract().path("token");
    List<String> existing =
        new ArrayList<>(
            given()
                .auth()
                .oauth2(token)
                .get("/api/users")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("users.username", String.class));
    existing.add("admin");

    Schemathesis.against(URI.create("http://127.0.0.1:" + root.getPort() + "/"))
        .bearer(token)
        .header("X-Forwarded-For", address)
        .protectUsernames(existing.toArray(String[]::new))
        .run()
        .assertNoServerErrors();
  }
}
