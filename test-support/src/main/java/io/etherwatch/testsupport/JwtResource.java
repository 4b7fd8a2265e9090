package io.etherwatch.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource for a service that verifies access tokens: the test key's JWKS in place of
 * auth-service's JWKS URL, with the same pinned algorithm, issuer and audience the services use in
 * production.
 */
public class JwtResource implements QuarkusTestResourceLifecycleManager {
  @Override
  public Map<String, String> start() {
    return Map.of(
        "mp.jwt.verify.publickey.location",
        TestTokens.jwksFile().toUri().toString(),
        "mp.jwt.verify.issuer",
        TestTokens.ISSUER,
        "mp.jwt.verify.audiences",
        TestTokens.AUDIENCE,
        "mp.jwt.verify.publickey.algorithm",
        "RS256");
  }

  @Override
  public void stop() {
    // The key and its JWKS file belong to the test run.
  }
}
