package io.etherwatch.auth.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The {@code refresh_family} and {@code refresh_token} tables; tokens are known by their hash. */
@ApplicationScoped
public class RefreshTokenRepository {

  /** One stored refresh token with what its family says. */
  public record Stored(
      UUID familyId,
      String username,
      Instant usedAt,
      Instant familyExpiresAt,
      Instant familyRevokedAt) {}

  private final DataSource db;

  public RefreshTokenRepository(DataSource db) {
    this.db = db;
  }

  public void createFamily(UUID id, String username, Instant createdAt, Instant expiresAt) {
    Jdbc.update(
        db,
        "INSERT INTO refresh_family (id, username, created_at, expires_at) VALUES (?, ?, ?, ?)",
        s -> {
          s.setObject(1, id);
          s.setString(2, username);
          s.setTimestamp(3, Timestamp.from(createdAt));
          s.setTimestamp(4, Timestamp.from(expiresAt));
        });
  }

  public void insertToken(byte[] hash, UUID familyId, Instant issuedAt) {
    Jdbc.update(
        db,
        "INSERT INTO refresh_token (token_hash, family_id, issued_at) VALUES (?, ?, ?)",
        s -> {
          s.setBytes(1, hash);
          s.setObject(2, familyId);
          s.setTimestamp(3, Timestamp.from(issuedAt));
        });
  }

  /** The token with this hash, locked until the transaction ends, so one use wins a race. */
  public Optional<Stored> findForUpdate(byte[] hash) {
    return Jdbc.first(
        db,
        "SELECT f.id, f.username, t.used_at, f.expires_at, f.revoked_at"
            + " FROM refresh_token t JOIN refresh_family f ON f.id = t.family_id"
            + " WHERE t.token_hash = ? FOR UPDATE",
        s -> s.setBytes(1, hash),
        rs ->
            new Stored(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                instant(rs.getTimestamp(3)),
                instant(rs.getTimestamp(4)),
                instant(rs.getTimestamp(5))));
  }

  public void markUsed(byte[] hash, Instant at) {
    stamp("UPDATE refresh_token SET used_at = ? WHERE token_hash = ?", at, hash);
  }

  public void revokeFamily(UUID familyId, Instant at) {
    stamp(
        "UPDATE refresh_family SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
        at,
        familyId);
  }

  /** Revokes every family of {@code username} (password change). */
  public void revokeAllOf(String username, Instant at) {
    stamp(
        "UPDATE refresh_family SET revoked_at = ? WHERE username = ? AND revoked_at IS NULL",
        at,
        username);
  }

  /** Forgets families that ended before {@code before}; their tokens go with them. */
  public int deleteEndedBefore(Instant before) {
    return Jdbc.update(
        db,
        "DELETE FROM refresh_family WHERE id IN (SELECT id FROM refresh_family"
            + " WHERE expires_at < ? FOR UPDATE SKIP LOCKED)",
        s -> s.setTimestamp(1, Timestamp.from(before)));
  }

  /** Runs {@code sql}, whose first parameter is the time {@code at} and second the row's key. */
  private void stamp(String sql, Instant at, Object key) {
    Jdbc.update(
        db,
        sql,
        s -> {
          s.setTimestamp(1, Timestamp.from(at));
          s.setObject(2, key);
        });
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
