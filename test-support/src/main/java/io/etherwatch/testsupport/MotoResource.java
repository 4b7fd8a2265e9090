package io.etherwatch.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource: the JVM's shared moto server as the AWS endpoint ({@code
 * etherwatch.aws.endpoint-override}, region us-east-1), with dummy credentials in the SDK's system
 * properties.
 */
public class MotoResource implements QuarkusTestResourceLifecycleManager {
  @Override
  public Map<String, String> start() {
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    return Map.of(
        "etherwatch.aws.endpoint-override", SharedServices.motoEndpoint().toString(),
        "etherwatch.aws.region", MotoServer.REGION.id());
  }

  @Override
  public void stop() {
    // Shared by every test class of this JVM; it stops when the JVM exits.
  }
}
