package io.etherwatch.ingest.client;

/** An AWS call failed for a reason other than throttling (unreachable, denied, server error). */
public class AwsCallFailedException extends RuntimeException {
  public AwsCallFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
