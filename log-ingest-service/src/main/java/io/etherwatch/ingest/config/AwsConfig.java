package io.etherwatch.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.util.Optional;

/** Where the AWS clients connect; credentials come from the SDK default chain. */
@ConfigMapping(prefix = "etherwatch.aws")
public interface AwsConfig {
  /** An AWS-compatible endpoint (the moto server locally); unset means the real AWS endpoints. */
  Optional<URI> endpointOverride();

  /** The AWS region. */
  @WithDefault("us-east-1")
  String region();
}
