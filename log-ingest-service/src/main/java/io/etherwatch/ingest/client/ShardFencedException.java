package io.etherwatch.ingest.client;

/** Another owner of the shard initialised its transactional producer: this one must stop. */
public class ShardFencedException extends RuntimeException {
  public ShardFencedException(String message, Throwable cause) {
    super(message, cause);
  }
}
