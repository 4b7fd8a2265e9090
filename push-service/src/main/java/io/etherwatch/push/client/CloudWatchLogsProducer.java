package io.etherwatch.push.client;

import io.etherwatch.push.config.AwsConfig;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClientBuilder;

/** The CloudWatch Logs client, pointed at the emulator when an endpoint override is set. */
public class CloudWatchLogsProducer {

  @Produces
  @Singleton
  CloudWatchLogsClient cloudWatchLogs(AwsConfig aws) {
    CloudWatchLogsClientBuilder builder =
        CloudWatchLogsClient.builder()
            .region(Region.of(aws.region()))
            .httpClientBuilder(UrlConnectionHttpClient.builder());
    aws.endpointOverride().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  void close(@Disposes CloudWatchLogsClient client) {
    client.close();
  }
}
