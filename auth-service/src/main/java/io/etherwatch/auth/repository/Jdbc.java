package io.etherwatch.auth.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * One statement on a pooled connection; inside a {@code @Transactional} method the pool hands out
 * the transaction's connection, so several statements commit together.
 */
final class Jdbc {
  private Jdbc() {}

  interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  interface Mapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  static <T> T query(DataSource db, String sql, Binder binder, Mapper<T> mapper) {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      binder.bind(s);
      try (ResultSet rs = s.executeQuery()) {
        return mapper.map(rs);
      }
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  /** The first row {@code row} maps, or empty when the query finds none. */
  static <T> Optional<T> first(DataSource db, String sql, Binder binder, Mapper<T> row) {
    return query(db, sql, binder, rs -> rs.next() ? Optional.of(row.map(rs)) : Optional.empty());
  }

  static int update(DataSource db, String sql, Binder binder) {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      binder.bind(s);
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }
}
