package io.etherwatch.inventory.client;

import io.etherwatch.inventory.config.AwsConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The AWS SDK clients, one per service, configured from {@code etherwatch.aws.*}. Every CDI bean
 * that is an {@link ExecutionInterceptor} joins each client: that is how metrics, tracing or a
 * test's fault injection see every AWS call.
 */
@Singleton
public class AwsClients {
  private final AwsConfig config;
  private final List<ExecutionInterceptor> interceptors;

  AwsClients(AwsConfig config, @Any Instance<ExecutionInterceptor> interceptors) {
    this.config = config;
    this.interceptors = interceptors.stream().toList();
  }

  @Produces
  @Singleton
  Ec2Client ec2() {
    return configure(Ec2Client.builder()).build();
  }

  @Produces
  @Singleton
  CloudWatchClient cloudWatch() {
    return configure(CloudWatchClient.builder()).build();
  }

  @Produces
  @Singleton
  CloudWatchLogsClient cloudWatchLogs() {
    return configure(CloudWatchLogsClient.builder()).build();
  }

  /**
   * Builds the three clients when the service starts, not on the first request: building one loads
   * its service model, which on a busy machine took seconds of that request's time.
   */
  void warm(
      @Observes StartupEvent start,
      Ec2Client ec2,
      CloudWatchClient cloudWatch,
      CloudWatchLogsClient logs) {
    ec2.serviceName();
    cloudWatch.serviceName();
    logs.serviceName();
  }

  void close(@Disposes Ec2Client client) {
    client.close();
  }

  void close(@Disposes CloudWatchClient client) {
    client.close();
  }

  void close(@Disposes CloudWatchLogsClient client) {
    client.close();
  }

  private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder) {
    builder
        .region(Region.of(config.region()))
        .httpClientBuilder(
            UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30)))
        .overrideConfiguration(o -> interceptors.forEach(o::addExecutionInterceptor));
    config.endpointOverride().ifPresent(builder::endpointOverride);
    return builder;
  }
}
