package io.etherwatch.inventory.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.etherwatch.inventory.client.AwsCallException.Kind;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** How AWS's failures become the service's: the caller's input is never "AWS is down". */
class AwsCallsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "InvalidParameterValue",
        "InvalidParameterCombination",
        "MissingParameter",
        "InvalidNextToken",
        "InvalidParameterException",
        "ValidationError",
      })
  void awsValidationErrorsAreTheCallersInput(String code) {
    assertThat(AwsCalls.translate("cloudwatch:GetMetricStatistics", error(code, 400)).kind())
        .isEqualTo(Kind.INVALID_REQUEST);
  }

  @ParameterizedTest
  @CsvSource({
    "Throttling, 400, THROTTLED",
    "ThrottlingException, 400, THROTTLED",
    "RequestLimitExceeded, 503, THROTTLED",
    "AccessDenied, 403, ACCESS_DENIED",
    "AccessDeniedException, 400, ACCESS_DENIED",
    "UnauthorizedOperation, 403, ACCESS_DENIED",
    "ResourceNotFoundException, 400, NOT_FOUND",
    "InternalFailure, 500, FAILED",
  })
  void otherAwsErrorsKeepTheirKind(String code, int status, Kind kind) {
    assertThat(AwsCalls.translate("logs:DescribeLogGroups", error(code, status)).kind())
        .isEqualTo(kind);
  }

  @Test
  void onlyAnIoFailureIsUnreachable() {
    assertThat(
            AwsCalls.translate(
                    "ec2:DescribeInstances",
                    SdkClientException.create("refused", new ConnectException("refused")))
                .kind())
        .isEqualTo(Kind.UNREACHABLE);
    assertThat(
            AwsCalls.translate(
                    "ec2:DescribeInstances",
                    SdkClientException.create("slow", new SocketTimeoutException("read")))
                .kind())
        .isEqualTo(Kind.UNREACHABLE);
    assertThat(
            AwsCalls.translate(
                    "ec2:DescribeInstances", SdkClientException.create("Unable to unmarshall"))
                .kind())
        .isEqualTo(Kind.FAILED);
  }

  private static AwsServiceException error(String code, int status) {
    return AwsServiceException.builder()
        .statusCode(status)
        .message(code)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build())
        .build();
  }
}
