package io.etherwatch.auth.repository;

import io.etherwatch.auth.service.FailureBudget;
import io.etherwatch.auth.service.ThrottleState;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code login_throttle}, {@code login_guard} and {@code login_known_client} tables, shared by
 * every replica.
 */
@ApplicationScoped
public class ThrottleRepository {
  private static final String COLUMNS =
      "failures, last_failure_at, blocked_until, window_start, window_failures";

  private final DataSource db;

  public ThrottleRepository(DataSource db) {
    this.db = db;
  }

  /** The key's state, locked until the transaction ends so concurrent failures all count. */
  public Optional<ThrottleState> findForUpdate(String key) {
    return Jdbc.first(
        db,
        "SELECT " + COLUMNS + " FROM login_throttle WHERE throttle_key = ? FOR UPDATE",
        s -> s.setString(1, key),
        ThrottleRepository::map);
  }

  /** Creates the key's row unless it exists, so that the next select can lock it. */
  public void insertIfAbsent(String key, ThrottleState state) {
    write(key, state, " ON CONFLICT (throttle_key) DO NOTHING");
  }

  public void save(String key, ThrottleState state) {
    write(
        key,
        state,
        " ON CONFLICT (throttle_key) DO UPDATE SET"
            + " failures = EXCLUDED.failures, last_failure_at = EXCLUDED.last_failure_at,"
            + " blocked_until = EXCLUDED.blocked_until, window_start = EXCLUDED.window_start,"
            + " window_failures = EXCLUDED.window_failures");
  }

  private void write(String key, ThrottleState state, String onConflict) {
    Jdbc.update(
        db,
        "INSERT INTO login_throttle (throttle_key, "
            + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?)"
            + onConflict,
        s -> {
          s.setString(1, key);
          s.setInt(2, state.failures());
          s.setTimestamp(3, Timestamp.from(state.lastFailureAt()));
          s.setTimestamp(
              4, state.blockedUntil() == null ? null : Timestamp.from(state.blockedUntil()));
          s.setTimestamp(5, Timestamp.from(state.windowStart()));
          s.setInt(6, state.windowFailures());
        });
  }

  /**
   * Forgets keys whose last failure is older than {@code before}; rows another login holds are
   * skipped, so the purge never waits and never deadlocks with it.
   */
  public int deleteIdleSince(Instant before) {
    return Jdbc.update(
        db,
        "DELETE FROM login_throttle WHERE throttle_key IN (SELECT throttle_key FROM login_throttle"
            + " WHERE last_failure_at < ? FOR UPDATE SKIP LOCKED)",
        s -> s.setTimestamp(1, Timestamp.from(before)));
  }

  /**
   * The named service-wide budget, created full if absent, locked until the transaction ends.
   * Callers lock it after their {@code login_throttle} rows, always, so two logins never deadlock.
   */
  public FailureBudget lockBudget(String name, FailureBudget initial) {
    Jdbc.update(
        db,
        "INSERT INTO login_guard (name, theoretical_arrival) VALUES (?, ?)"
            + " ON CONFLICT (name) DO NOTHING",
        s -> {
          s.setString(1, name);
          s.setTimestamp(2, Timestamp.from(initial.theoreticalArrival()));
        });
    return Jdbc.query(
        db,
        "SELECT theoretical_arrival FROM login_guard WHERE name = ? FOR UPDATE",
        s -> s.setString(1, name),
        rs -> rs.next() ? new FailureBudget(rs.getTimestamp(1).toInstant()) : initial);
  }

  public void saveBudget(String name, FailureBudget budget) {
    Jdbc.update(
        db,
        "UPDATE login_guard SET theoretical_arrival = ? WHERE name = ?",
        s -> {
          s.setTimestamp(1, Timestamp.from(budget.theoreticalArrival()));
          s.setString(2, name);
        });
  }

  /** Records a successful login of the user from the address at {@code at}. */
  public void rememberSuccess(String userKey, String addressKey, Instant at) {
    Jdbc.update(
        db,
        "INSERT INTO login_known_client (user_key, address_key, last_success_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (user_key, address_key) DO UPDATE SET"
            + " last_success_at = EXCLUDED.last_success_at",
        s -> {
          s.setString(1, userKey);
          s.setString(2, addressKey);
          s.setTimestamp(3, Timestamp.from(at));
        });
  }

  /** Whether the user logged in successfully from the address at or after {@code since}. */
  public boolean knownSince(String userKey, String addressKey, Instant since) {
    return Jdbc.query(
        db,
        "SELECT 1 FROM login_known_client WHERE user_key = ? AND address_key = ?"
            + " AND last_success_at >= ?",
        s -> {
          s.setString(1, userKey);
          s.setString(2, addressKey);
          s.setTimestamp(3, Timestamp.from(since));
        },
        ResultSet::next);
  }

  /** Forgets successes older than {@code before}. */
  public int forgetSuccessesBefore(Instant before) {
    return Jdbc.update(
        db,
        "DELETE FROM login_known_client WHERE last_success_at < ?",
        s -> s.setTimestamp(1, Timestamp.from(before)));
  }

  private static ThrottleState map(ResultSet rs) throws SQLException {
    Timestamp blocked = rs.getTimestamp(3);
    return new ThrottleState(
        rs.getInt(1),
        rs.getTimestamp(2).toInstant(),
        blocked == null ? null : blocked.toInstant(),
        rs.getTimestamp(4).toInstant(),
        rs.getInt(5));
  }
}
