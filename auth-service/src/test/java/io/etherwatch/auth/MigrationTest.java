package io.etherwatch.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.etherwatch.testsupport.PostgresServer;
import io.etherwatch.testsupport.SharedServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/** The shipped migrations on a database of their own, empty at first, then already migrated. */
class MigrationTest {

  @Test
  void migratesAnEmptyDatabaseThenFindsNothingToDoOnTheExistingOne() throws Exception {
    PostgresServer.Connection shared = SharedServices.postgres();
    String database = "migration_" + ProcessHandle.current().pid();
    try (Connection c =
            DriverManager.getConnection(shared.jdbcUrl(), shared.username(), shared.password());
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database);
      s.execute("CREATE DATABASE " + database);
    }
    String url = shared.jdbcUrl().substring(0, shared.jdbcUrl().lastIndexOf('/') + 1) + database;

    MigrateResult first = flyway(url, shared).migrate();
    MigrateResult second = flyway(url, shared).migrate();

    assertThat(first.migrationsExecuted).isGreaterThanOrEqualTo(1);
    assertThat(first.success).isTrue();
    assertThat(second.migrationsExecuted).isZero();
    assertThat(second.success).isTrue();
    flyway(url, shared).validate();
    try (Connection c = DriverManager.getConnection(url, shared.username(), shared.password());
        ResultSet rs = c.getMetaData().getTables(null, "public", null, new String[] {"TABLE"})) {
      List<String> tables = new ArrayList<>();
      while (rs.next()) {
        tables.add(rs.getString("TABLE_NAME"));
      }
      assertThat(tables)
          .contains(
              "users",
              "refresh_family",
              "refresh_token",
              "login_throttle",
              "flyway_schema_history");
    }
  }

  private static Flyway flyway(String url, PostgresServer.Connection shared) {
    return Flyway.configure()
        .dataSource(url, shared.username(), shared.password())
        .locations("classpath:db/migration")
        .load();
  }
}
