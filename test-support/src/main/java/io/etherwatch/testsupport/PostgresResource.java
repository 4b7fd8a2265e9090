package io.etherwatch.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Quarkus test resource: the JVM's shared real PostgreSQL as the default datasource. */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
  @Override
  public Map<String, String> start() {
    PostgresServer.Connection db = SharedServices.postgres();
    return Map.of(
        "quarkus.datasource.jdbc.url", db.jdbcUrl(),
        "quarkus.datasource.username", db.username(),
        "quarkus.datasource.password", db.password());
  }

  @Override
  public void stop() {
    // Shared by every test class of this JVM; it stops when the JVM exits.
  }
}
