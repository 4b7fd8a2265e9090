package io.etherwatch.auth.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etherwatch.auth.config.AuthConfig;
import io.etherwatch.auth.repository.UserRepository;
import io.etherwatch.testsupport.PostgresServer;
import io.etherwatch.testsupport.SharedServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The first start on an empty, freshly migrated database of the real PostgreSQL. */
class AdminBootstrapTest {
  private static final AtomicInteger NEXT = new AtomicInteger();

  private final PasswordHasher hasher = new PasswordHasher(19456, 2, new SimpleMeterRegistry());
  private UserRepository users;

  @BeforeEach
  void emptyDatabase() throws Exception {
    PostgresServer.Connection shared = SharedServices.postgres();
    String database = "bootstrap_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
    try (Connection c =
            DriverManager.getConnection(shared.jdbcUrl(), shared.username(), shared.password());
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
    PGSimpleDataSource db = new PGSimpleDataSource();
    db.setURL(shared.jdbcUrl().substring(0, shared.jdbcUrl().lastIndexOf('/') + 1) + database);
    db.setUser(shared.username());
    db.setPassword(shared.password());
    Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
    users = new UserRepository(db);
  }

  @Test
  void withoutAPasswordGeneratesOneThatLogsIn() {
    AdminBootstrap.Outcome outcome = bootstrap(Optional.empty()).createAdminIfNoUsers();

    assertThat(outcome.created()).isTrue();
    String password = outcome.generatedPassword().orElseThrow();
    User admin = users.find("admin").orElseThrow();
    assertThat(hasher.matches(password, admin.passwordHash())).isTrue();
    assertThat(admin.roles()).containsExactly("admin", "operator", "viewer");
    assertThat(admin.logGroups()).containsExactly("*");
  }

  @Test
  void usesEtherwatchAdminPasswordAndNeverRunsTwice() {
    String chosen = "the operators own passphrase";
    assertThat(bootstrap(Optional.of(chosen)).createAdminIfNoUsers())
        .isEqualTo(new AdminBootstrap.Outcome(true, Optional.empty()));
    String hash = users.find("admin").orElseThrow().passwordHash();

    AdminBootstrap.Outcome again =
        bootstrap(Optional.of("a different passphrase")).createAdminIfNoUsers();

    assertThat(again.created()).isFalse();
    assertThat(users.find("admin").orElseThrow().passwordHash()).isEqualTo(hash);
    assertThat(hasher.matches(chosen, hash)).isTrue();
  }

  @Test
  void refusesAWeakAdminPasswordAndCreatesNobody() {
    assertThatThrownBy(() -> bootstrap(Optional.of("admin")).createAdminIfNoUsers())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ETHERWATCH_ADMIN_PASSWORD")
        .hasMessageContaining("12 to 128");
    assertThatThrownBy(() -> bootstrap(Optional.of("password1234")).createAdminIfNoUsers())
        .hasMessageContaining("common");
    assertThat(users.count()).isZero();
  }

  private AdminBootstrap bootstrap(Optional<String> adminPassword) {
    AuthConfig config =
        (AuthConfig)
            Proxy.newProxyInstance(
                AuthConfig.class.getClassLoader(),
                new Class<?>[] {AuthConfig.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("adminPassword")) {
                    return adminPassword;
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    return new AdminBootstrap(users, hasher, new PasswordPolicy(), config, Clock.systemUTC());
  }
}
