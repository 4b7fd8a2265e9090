package io.etherwatch.inventory.rest;

import static io.restassured.RestAssured.given;

import io.etherwatch.inventory.Tokens;
import io.etherwatch.testsupport.JwtResource;
import io.etherwatch.testsupport.MotoResource;
import io.etherwatch.testsupport.Schemathesis;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Schemathesis fuzzes every operation of the service's own OpenAPI document for about 20 s, with an
 * admin token whose log-group patterns match every group (so each request reaches moto): no query
 * text, path text or JSON body may be answered with a 5xx (issue 13).
 */
@QuarkusTest
@WithTestResource(MotoResource.class)
@WithTestResource(JwtResource.class)
class OpenApiFuzzTest {
  @TestHTTPResource("/")
  URL root;

  @Test
  void noInputIsAnsweredWithAServerError() {
    String token = Tokens.admin();
    // moto builds each AWS backend on its first call (seconds on a busy machine): that is not the
    // fuzzer's budget, and it would exceed its per-request timeout.
    for (String warm :
        List.of(
            "/api/ec2",
            "/api/log/groups",
            "/api/metrics/stats?namespace=AWS/EC2&metricName=CPUUtilization")) {
      given().auth().oauth2(token).get(warm).then().statusCode(200);
    }

    Schemathesis.against(URI.create("http://127.0.0.1:" + root.getPort() + "/"))
        .bearer(token)
        .run()
        .assertNoServerErrors();
  }
}
