package io.etherwatch.inventory.client;

/**
 * An AWS call that failed, in the project's terms: what kind of failure, and which IAM permission
 * the call needed. It never carries AWS's own error text to the client.
 */
public class AwsCallException extends RuntimeException {

  /** How an AWS call can fail, as the REST layer tells its clients. */
  public enum Kind {
    /** AWS throttled the call even after the SDK's retries. */
    THROTTLED,
    /** The service's IAM role lacks the permission. */
    ACCESS_DENIED,
    /** AWS did not recognise the credentials. */
    CREDENTIALS_REJECTED,
    /** The named resource (a log group) does not exist. */
    NOT_FOUND,
    /** AWS refused a parameter (an expired nextToken, for instance). */
    INVALID_REQUEST,
    /** AWS answered with an error we cannot attribute. */
    FAILED,
    /** AWS could not be reached. */
    UNREACHABLE
  }

  private final Kind kind;
  private final String permission;

  public AwsCallException(Kind kind, String permission, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.permission = permission;
  }

  public Kind kind() {
    return kind;
  }

  /** The IAM action of the call, such as {@code ec2:DescribeInstances}. */
  public String permission() {
    return permission;
  }
}
