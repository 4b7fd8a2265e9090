package io.etherwatch.ingest.client;

import io.etherwatch.ingest.config.AwsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * The CloudWatch Logs client. The SDK's own retries are off: {@link CloudWatchLogsGateway} retries
 * throttled calls itself, inside the shared budget. CDI beans of type {@link ExecutionInterceptor}
 * are added to the client (tests inject throttling this way).
 */
@ApplicationScoped
public class AwsClientProducer {

  @Produces
  @Singleton
  CloudWatchLogsClient cloudWatchLogs(
      AwsConfig aws, @Any Instance<ExecutionInterceptor> interceptors) {
    var builder =
        CloudWatchLogsClient.builder()
            .region(Region.of(aws.region()))
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(30)))
            .overrideConfiguration(
                c -> {
                  c.retryStrategy(AwsRetryStrategy.doNotRetry());
                  c.apiCallTimeout(Duration.ofSeconds(60));
                  interceptors.forEach(c::addExecutionInterceptor);
                });
    aws.endpointOverride().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  void close(@Disposes CloudWatchLogsClient client) {
    client.close();
  }
}
