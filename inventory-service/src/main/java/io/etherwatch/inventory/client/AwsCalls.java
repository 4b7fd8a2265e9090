package io.etherwatch.inventory.client;

import io.etherwatch.inventory.client.AwsCallException.Kind;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Runs one AWS call (all its pages) and turns SDK failures into {@link AwsCallException}. */
final class AwsCalls {
  private static final Logger LOG = Logger.getLogger(AwsCalls.class);
  private static final Set<String> ACCESS_DENIED =
      Set.of(
          "AccessDenied",
          "AccessDeniedException",
          "UnauthorizedOperation",
          "UnauthorizedAccess",
          "NotAuthorized");
  private static final Set<String> CREDENTIALS_REJECTED =
      Set.of(
          "AuthFailure",
          "UnrecognizedClientException",
          "InvalidClientTokenId",
          "ExpiredToken",
          "ExpiredTokenException",
          "SignatureDoesNotMatch");
  private static final Set<String> NOT_FOUND = Set.of("ResourceNotFoundException");
  // AWS's validation errors: the caller's input (or a stale token), never AWS being down.
  private static final Set<String> INVALID =
      Set.of(
          "InvalidParameterException",
          "InvalidParameterValue",
          "InvalidParameterValueException",
          "InvalidParameterCombination",
          "InvalidParameterCombinationException",
          "MissingParameter",
          "MissingParameterException",
          "MissingRequiredParameter",
          "InvalidNextToken",
          "InvalidNextTokenException",
          "InvalidFilter",
          "InvalidInstanceID.Malformed",
          "ValidationError",
          "ValidationException",
          "InvalidFormat");

  private AwsCalls() {}

  static <T> T call(String permission, Supplier<T> call) {
    try {
      return call.get();
    } catch (AwsServiceException e) {
      throw translate(permission, e);
    } catch (SdkClientException e) {
      throw translate(permission, e);
    }
  }

  /**
   * A failure on the SDK's side: AWS could not be reached (no connection, a timeout: an I/O error
   * somewhere in the cause chain), or AWS answered something the SDK could not read, which is AWS's
   * failure (502), not an outage.
   */
  static AwsCallException translate(String permission, SdkClientException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.io.IOException) {
        LOG.warnf("%s: AWS unreachable: %s", permission, e.getMessage());
        return new AwsCallException(
            Kind.UNREACHABLE, permission, "AWS could not be reached for " + permission, e);
      }
    }
    LOG.warnf("%s: AWS answered something unreadable: %s", permission, e.getMessage());
    return new AwsCallException(
        Kind.FAILED, permission, "AWS answered " + permission + " with an unreadable response", e);
  }

  static AwsCallException translate(String permission, AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    LOG.warnf(
        "%s failed: status %d, code %s: %s", permission, e.statusCode(), code, e.getMessage());
    if (e.isThrottlingException()) {
      return new AwsCallException(
          Kind.THROTTLED, permission, "AWS is throttling " + permission + "; retry later", e);
    }
    if (code != null && ACCESS_DENIED.contains(code)) {
      return new AwsCallException(
          Kind.ACCESS_DENIED,
          permission,
          "the service's AWS role lacks the permission " + permission,
          e);
    }
    if (code != null && CREDENTIALS_REJECTED.contains(code)) {
      return new AwsCallException(
          Kind.CREDENTIALS_REJECTED,
          permission,
          "AWS rejected the service's credentials for " + permission,
          e);
    }
    if (code != null && NOT_FOUND.contains(code)) {
      return new AwsCallException(Kind.NOT_FOUND, permission, "not found", e);
    }
    if (code != null && INVALID.contains(code)) {
      return new AwsCallException(
          Kind.INVALID_REQUEST,
          permission,
          "AWS refused a parameter of "
              + permission
              + " (a name, a filter value, a time or an expired nextToken)",
          e);
    }
    return new AwsCallException(Kind.FAILED, permission, "AWS failed to answer " + permission, e);
  }
}
