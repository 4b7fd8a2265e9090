package io.etherwatch.inventory;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * An execution interceptor the service's AWS clients pick up as a CDI bean: it counts the calls
 * each operation makes against moto, and can slow an operation down or make it fail with the error
 * AWS would send.
 */
@Singleton
public class AwsCallRecorder implements ExecutionInterceptor {
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private final Map<String, Fault> faults = new ConcurrentHashMap<>();
  private final Map<String, Duration> delays = new ConcurrentHashMap<>();

  /** An AWS error code and HTTP status, or a null code for "AWS cannot be reached". */
  private record Fault(String errorCode, int status) {}

  /** API calls (not retries) made for {@code operation}, such as {@code DescribeInstances}. */
  public int calls(String operation) {
    return calls.computeIfAbsent(operation, k -> new AtomicInteger()).get();
  }

  /** HTTP attempts at {@code operation}, the SDK's retries included. */
  public int attempts(String operation) {
    return attempts.computeIfAbsent(operation, k -> new AtomicInteger()).get();
  }

  /** Every attempt at {@code operation} fails with this AWS error until {@link #clear()}. */
  public void fail(String operation, String errorCode, int status) {
    faults.put(operation, new Fault(errorCode, status));
  }

  /** Every attempt at {@code operation} fails as if AWS could not be reached. */
  public void unreachable(String operation) {
    faults.put(operation, new Fault(null, 0));
  }

  /** Every attempt at {@code operation} takes {@code delay} longer until {@link #clear()}. */
  public void slow(String operation, Duration delay) {
    delays.put(operation, delay);
  }

  public void clear() {
    faults.clear();
    delays.clear();
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    calls.computeIfAbsent(operation(attributes), k -> new AtomicInteger()).incrementAndGet();
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    String operation = operation(attributes);
    attempts.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
    Duration delay = delays.get(operation);
    if (delay != null) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Fault fault = faults.get(operation);
    if (fault != null && fault.errorCode() == null) {
      throw SdkClientException.create(
          "injected: connection refused", new java.net.ConnectException("connection refused"));
    }
    if (fault != null) {
      throw AwsServiceException.builder()
          .statusCode(fault.status())
          .message("injected " + fault.errorCode())
          .awsErrorDetails(
              AwsErrorDetails.builder()
                  .errorCode(fault.errorCode())
                  .errorMessage("injected by the test")
                  .serviceName(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))
                  .build())
          .build();
    }
  }

  private static String operation(ExecutionAttributes attributes) {
    return attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
  }
}
