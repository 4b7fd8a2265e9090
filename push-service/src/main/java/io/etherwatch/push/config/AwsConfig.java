package io.etherwatch.push.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.util.Optional;

/** Where the AWS clients connect (shared keys of every Etherwatch service). */
@ConfigMapping(prefix = "etherwatch.aws")
public interface AwsConfig {

  /** Endpoint to use instead of AWS's (the moto emulator locally and in tests). */
  Optional<URI> endpointOverride();

  /** AWS region of the log groups. */
  @WithDefault("us-east-1")
  String region();
}
