package io.etherwatch.ingest;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.ThrottlingException;

/**
 * Fault injection: answers the next {@link #arm armed} FilterLogEvents calls for groups with a
 * given prefix with ThrottlingException, as AWS does above 5 TPS (moto never throttles).
 */
@Unremovable
@ApplicationScoped
public class ThrottlingInterceptor implements ExecutionInterceptor {
  private volatile String groupPrefix = "\u0000";
  private final AtomicInteger remaining = new AtomicInteger();
  private final AtomicInteger thrown = new AtomicInteger();

  void arm(String groupPrefix, int throttles) {
    this.groupPrefix = groupPrefix;
    remaining.set(throttles);
  }

  int thrown() {
    return thrown.get();
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    if (context.request() instanceof FilterLogEventsRequest r
        && r.logGroupName().startsWith(groupPrefix)
        && remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      thrown.incrementAndGet();
      throw ThrottlingException.builder()
          .message("Rate exceeded")
          .statusCode(400)
          .awsErrorDetails(
              AwsErrorDetails.builder()
                  .errorCode("ThrottlingException")
                  .errorMessage("Rate exceeded")
                  .serviceName("CloudWatchLogs")
                  .build())
          .build();
    }
  }
}
