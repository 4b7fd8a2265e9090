package io.etherwatch.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresServerTest {

  @Test
  void createsATableAndQueriesIt() throws Exception {
    PostgresServer.Connection db = SharedServices.postgres();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
        Statement statement = c.createStatement()) {
      statement.execute(
          "CREATE TABLE smoke_hosts (name text PRIMARY KEY, bytes_in bigint NOT NULL)");
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO smoke_hosts VALUES (?, ?)")) {
        for (String host : new String[] {"ManagementServer", "MongoDBServer", "NodeAppServer1"}) {
          insert.setString(1, host);
          insert.setLong(2, host.length() * 1000L);
          insert.executeUpdate();
        }
      }
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT count(*), sum(bytes_in), current_setting('server_version_num') FROM smoke_hosts")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(3);
        assertThat(rs.getLong(2)).isEqualTo((16 + 13 + 14) * 1000L);
        assertThat(rs.getInt(3)).isGreaterThanOrEqualTo(130000);
      }
    }
  }

  @Test
  void refusesAWrongPassword() {
    PostgresServer.Connection db = SharedServices.postgres();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                DriverManager.getConnection(db.jdbcUrl(), db.username(), "wrong-" + db.password()))
        .hasMessageContaining("password authentication failed");
  }
}
