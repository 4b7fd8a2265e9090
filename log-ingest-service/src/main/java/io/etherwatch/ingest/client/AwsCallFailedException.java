package io.etherwatch.ingest.client;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * An AWS call failed for a reason other than throttling (unreachable, denied, server error). {@link
 * #reason()}: {@code aws-access-denied} (HTTP 403 or an {@code AccessDenied…} error code, e.g. the
 * log group's KMS key denies decryption) or {@code aws-error}.
 */
public class AwsCallFailedException extends RuntimeException {
  private final String reason;

  public AwsCallFailedException(String message, Throwable cause) {
    super(message, cause);
    this.reason = denied(cause) ? "aws-access-denied" : "aws-error";
  }

  public String reason() {
    return reason;
  }

  private static boolean denied(Throwable cause) {
    if (cause instanceof AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      return e.statusCode() == 403 || code != null && code.startsWith("AccessDenied");
    }
    return false;
  }
}
