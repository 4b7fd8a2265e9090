package io.etherwatch.inventory.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.util.Optional;

/** Where the AWS clients send their calls; credentials come from the SDK default chain. */
@ConfigMapping(prefix = "etherwatch.aws")
public interface AwsConfig {

  /** An endpoint in place of AWS's own (the moto server locally and in tests). */
  Optional<URI> endpointOverride();

  /** The AWS region the inventory reads. */
  @WithDefault("us-east-1")
  String region();
}
