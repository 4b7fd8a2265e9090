package io.etherwatch.ingest.coordination;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which shard a log group belongs to: a stable hash of its name modulo the shard count, the same in
 * every replica and every run.
 */
public record ShardMap(int shards) {

  public ShardMap {
    if (shards < 1) {
      throw new IllegalArgumentException("at least one shard");
    }
  }

  public int shardOf(String group) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(group.getBytes(StandardCharsets.UTF_8));
      int hash =
          ((d[0] & 0xff) << 24) | ((d[1] & 0xff) << 16) | ((d[2] & 0xff) << 8) | (d[3] & 0xff);
      return Math.floorMod(hash, shards);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
