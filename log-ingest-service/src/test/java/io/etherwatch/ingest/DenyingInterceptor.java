package io.etherwatch.ingest;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;

/**
 * Fault injection: answers every FilterLogEvents call for one {@link #deny denied} group with
 * AccessDeniedException, as AWS does when the group's KMS key does not let the service decrypt
 * (moto has no KMS-encrypted log groups), and counts the calls.
 */
@Unremovable
@ApplicationScoped
public class DenyingInterceptor implements ExecutionInterceptor {
  private volatile String group = "\u0000";
  private final AtomicInteger denied = new AtomicInteger();

  void deny(String group) {
    this.group = group;
    denied.set(0);
  }

  int denied() {
    return denied.get();
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    if (context.request() instanceof FilterLogEventsRequest r && r.logGroupName().equals(group)) {
      denied.incrementAndGet();
      throw CloudWatchLogsException.builder()
          .message("User is not authorized to perform kms:Decrypt")
          .statusCode(400)
          .awsErrorDetails(
              AwsErrorDetails.builder()
                  .errorCode("AccessDeniedException")
                  .errorMessage("User is not authorized to perform kms:Decrypt")
                  .serviceName("CloudWatchLogs")
                  .build())
          .build();
    }
  }
}
