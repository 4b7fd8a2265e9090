package io.etherwatch.auth;

import io.etherwatch.testsupport.PostgresResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything a test boot of auth-service needs: the shared real PostgreSQL, the signing key
 * generated for this run with a retired key still served, and the first-start admin password.
 */
public class AuthTestResource implements QuarkusTestResourceLifecycleManager {
  private final PostgresResource postgres = new PostgresResource();

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new HashMap<>(postgres.start());
    config.put("etherwatch.auth.signing-key", AuthTestEnv.currentKeyPem().toString());
    config.put("etherwatch.auth.key-id", AuthTestEnv.KEY_ID);
    config.put(
        "etherwatch.auth.previous-public-keys",
        AuthTestEnv.PREVIOUS_KEY_ID + "=" + AuthTestEnv.previousPublicPem());
    config.put("etherwatch.auth.admin-password", AuthTestEnv.adminPassword());
    return config;
  }

  @Override
  public void stop() {
    postgres.stop();
  }
}
