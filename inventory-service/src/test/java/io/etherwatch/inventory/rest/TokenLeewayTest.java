package io.etherwatch.inventory.rest;

import static org.hamcrest.Matchers.equalTo;

import io.etherwatch.testsupport.JwtResource;
import io.etherwatch.testsupport.MotoResource;
import io.etherwatch.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The one clock-skew leeway of every service ({@code mp.jwt.verify.clock.skew} = 1 s, set in
 * service-common; smallrye-jwt's own default is 60 s): a token 5 s past its {@code exp} is refused
 * on REST, one whose {@code exp} is the current second is accepted.
 */
@QuarkusTest
@WithTestResource(MotoResource.class)
@WithTestResource(JwtResource.class)
class TokenLeewayTest {

  @Test
  void refusesATokenFiveSecondsPastItsExp() {
    Instant exp = Instant.ofEpochSecond(Instant.now().getEpochSecond() - 5);

    Api.as(expiringAt(exp))
        .queryParam("vpc", "vpc-00000000")
        .get("/api/ec2")
        .then()
        .statusCode(401)
        .body("error", equalTo("unauthorized"));
  }

  @Test
  void acceptsATokenWhoseExpIsTheCurrentSecond() throws Exception {
    // Warm up the verifier (JWKS, parser) so the timed request is quick.
    Api.as(expiringAt(Instant.now().plusSeconds(600)))
        .queryParam("vpc", "vpc-00000000")
        .get("/api/ec2")
        .then()
        .statusCode(200);
    // Without a leeway such a token has expired (RFC 7519: "on or after" exp). Start early in a
    // second so the check runs before the next one.
    while (System.currentTimeMillis() % 1000 > 200) {
      Thread.sleep(10);
    }
    Instant exp = Instant.ofEpochSecond(Instant.now().getEpochSecond());

    Api.as(expiringAt(exp))
        .queryParam("vpc", "vpc-00000000")
        .get("/api/ec2")
        .then()
        .statusCode(200);
  }

  private static String expiringAt(Instant exp) {
    return new TestTokens.Signer(
            TestTokens.claims("vera", Set.of("viewer"), List.of("*"))
                .claims()
                .issuedAt(exp.minusSeconds(1200))
                .expiresAt(exp))
        .sign();
  }
}
