package io.etherwatch.auth.repository;

import io.etherwatch.auth.service.User;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code users} table. Lookups ignore case: usernames are unique whatever their case. */
@ApplicationScoped
public class UserRepository {
  private static final String COLUMNS =
      "username, password_hash, roles, log_groups, created_at, updated_at";

  /** The advisory lock key of role changes (any fixed number; "users" in ASCII). */
  private static final long ROLE_CHANGES = 0x7573657273L;

  private final DataSource db;

  public UserRepository(DataSource db) {
    this.db = db;
  }

  public Optional<User> find(String username) {
    return Jdbc.first(
        db,
        "SELECT " + COLUMNS + " FROM users WHERE lower(username) = lower(?)",
        s -> s.setString(1, username),
        UserRepository::map);
  }

  public List<User> list() {
    return Jdbc.query(
        db,
        "SELECT " + COLUMNS + " FROM users ORDER BY username",
        s -> {},
        rs -> {
          List<User> users = new ArrayList<>();
          while (rs.next()) {
            users.add(map(rs));
          }
          return users;
        });
  }

  public long count() {
    return Jdbc.query(
        db, "SELECT count(*) FROM users", s -> {}, rs -> rs.next() ? rs.getLong(1) : 0L);
  }

  /**
   * Takes the transaction-scoped PostgreSQL advisory lock that every change of roles or deletion
   * holds until it commits: the last-admin check of one sees what the other committed, on every
   * replica.
   */
  public void lockRoleChanges() {
    Jdbc.query(db, "SELECT pg_advisory_xact_lock(?)", s -> s.setLong(1, ROLE_CHANGES), rs -> null);
  }

  /** Counts the users holding {@code role}. */
  public long countWithRole(String role) {
    return Jdbc.query(
        db,
        "SELECT count(*) FROM users WHERE ? = ANY (roles)",
        s -> s.setString(1, role),
        rs -> rs.next() ? rs.getLong(1) : 0L);
  }

  /** Inserts {@code user}; false when the name is taken (in any case). */
  public boolean insert(User user) {
    return Jdbc.update(
            db,
            "INSERT INTO users (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            s -> {
              s.setString(1, user.username());
              s.setString(2, user.passwordHash());
              s.setArray(3, textArray(s.getConnection(), user.roles()));
              s.setArray(4, textArray(s.getConnection(), user.logGroups()));
              s.setTimestamp(5, Timestamp.from(user.createdAt()));
              s.setTimestamp(6, Timestamp.from(user.updatedAt()));
            })
        == 1;
  }

  public void update(User user) {
    Jdbc.update(
        db,
        "UPDATE users SET password_hash = ?, roles = ?, log_groups = ?, updated_at = ? WHERE username = ?",
        s -> {
          s.setString(1, user.passwordHash());
          s.setArray(2, textArray(s.getConnection(), user.roles()));
          s.setArray(3, textArray(s.getConnection(), user.logGroups()));
          s.setTimestamp(4, Timestamp.from(user.updatedAt()));
          s.setString(5, user.username());
        });
  }

  public boolean delete(String username) {
    return Jdbc.update(db, "DELETE FROM users WHERE username = ?", s -> s.setString(1, username))
        == 1;
  }

  private static Array textArray(Connection c, List<String> values) throws SQLException {
    return c.createArrayOf("text", values.toArray());
  }

  private static User map(ResultSet rs) throws SQLException {
    return new User(
        rs.getString(1),
        rs.getString(2),
        strings(rs.getArray(3)),
        strings(rs.getArray(4)),
        rs.getTimestamp(5).toInstant(),
        rs.getTimestamp(6).toInstant());
  }

  private static List<String> strings(Array array) throws SQLException {
    return List.copyOf(Arrays.asList((String[]) array.getArray()));
  }
}
