package io.etherwatch.push.client;

import io.etherwatch.push.config.AwsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClientBuilder;

/**
 * The CloudWatch Logs client, pointed at the emulator when an endpoint override is set. Every
 * request it sends (retries included) is counted on {@code etherwatch.push.aws.calls{operation}}:
 * they spend the account's API quota, which other services share.
 */
public class CloudWatchLogsProducer {

  @Produces
  @Singleton
  CloudWatchLogsClient cloudWatchLogs(AwsConfig aws, MeterRegistry registry) {
    CloudWatchLogsClientBuilder builder =
        CloudWatchLogsClient.builder()
            .region(Region.of(aws.region()))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(c -> c.addExecutionInterceptor(new CallCounter(registry)));
    aws.endpointOverride().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  void close(@Disposes CloudWatchLogsClient client) {
    client.close();
  }

  /** Counts each HTTP request to AWS by operation name. */
  private record CallCounter(MeterRegistry registry) implements ExecutionInterceptor {
    @Override
    public void beforeTransmission(
        Context.BeforeTransmission context, ExecutionAttributes attributes) {
      registry
          .counter(
              "etherwatch.push.aws.calls",
              "operation",
              attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
          .increment();
    }
  }
}
