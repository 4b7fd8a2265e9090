package io.etherwatch.inventory.client;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every AWS call by service, operation and outcome ({@code ok}, the AWS error code, or
 * {@code client_error}) on {@code /q/metrics}: the cost the caches are there to keep low.
 */
@Singleton
public class AwsCallMetrics implements ExecutionInterceptor {
  static final String CALLS = "etherwatch.inventory.aws.calls";

  private final MeterRegistry registry;

  AwsCallMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    count(attributes, "ok");
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    String outcome =
        context.exception() instanceof AwsServiceException aws
                && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().errorCode() != null
            ? aws.awsErrorDetails().errorCode()
            : "client_error";
    count(attributes, outcome);
  }

  private void count(ExecutionAttributes attributes, String outcome) {
    registry
        .counter(
            CALLS,
            "service",
            String.valueOf(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)),
            "operation",
            String.valueOf(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)),
            "outcome",
            outcome)
        .increment();
  }
}
