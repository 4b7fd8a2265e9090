package io.etherwatch.ingest.client;

/** A transaction did not commit (it was aborted or its outcome is unknown); nothing was applied. */
public class PublishFailedException extends RuntimeException {
  public PublishFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
