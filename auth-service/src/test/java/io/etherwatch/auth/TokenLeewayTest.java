package io.etherwatch.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

/**
 * The one clock-skew leeway of every service ({@code mp.jwt.verify.clock.skew} = 1 s, set in
 * service-common): {@code /api/verify} and the admin routes refuse a token 5 s past its {@code exp}
 * and accept one whose {@code exp} is the current second.
 */
@QuarkusTest
@WithTestResource(value = AuthTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class TokenLeewayTest {

  @Test
  void verifyRefusesATokenFiveSecondsPastItsExp() throws Exception {
    String token = signed("admin", List.of("admin"), nowSeconds() - 5);

    Api.verify(token)
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_token"))
        .body("message", containsString("expired"));
  }

  @Test
  void adminRoutesRefuseATokenFiveSecondsPastItsExp() throws Exception {
    String token = signed("admin", List.of("admin"), nowSeconds() - 5);

    given()
        .auth()
        .oauth2(token)
        .get("/api/users")
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_token"));
  }

  @Test
  void verifyAcceptsATokenWithinTheLeeway() throws Exception {
    // Warm up the verifier so the timed request is quick.
    Api.verify(signed("leeway", List.of("viewer"), nowSeconds() + 600));
    // exp is whole seconds: a token whose exp is this second has expired without a leeway
    // (RFC 7519: "on or after"), and is still accepted with one of 1 s. Start early in a second so
    // the check runs before the next one.
    while (System.currentTimeMillis() % 1000 > 200) {
      Thread.sleep(10);
    }
    long exp = nowSeconds();
    String token = signed("leeway", List.of("viewer"), exp);

    Api.verify(token)
        .then()
        .statusCode(200)
        .body("sub", equalTo("leeway"))
        .body("exp", equalTo((int) exp));
  }

  private static long nowSeconds() {
    return System.currentTimeMillis() / 1000;
  }

  private static String signed(String user, List<String> roles, long exp) throws Exception {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer("etherwatch");
    claims.setAudience("etherwatch-api");
    claims.setSubject(user);
    claims.setClaim("upn", user);
    claims.setStringListClaim("groups", roles);
    claims.setStringListClaim("lg", List.of("*"));
    claims.setIssuedAt(NumericDate.fromSeconds(exp - 1200));
    claims.setExpirationTime(NumericDate.fromSeconds(exp));
    claims.setJwtId(UUID.randomUUID().toString());
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(AuthTestEnv.current().getPrivate());
    jws.setKeyIdHeaderValue(AuthTestEnv.KEY_ID);
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    return jws.getCompactSerialization();
  }
}
