package io.etherwatch.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource: the JVM's shared real Kafka broker, as {@code kafka.bootstrap.servers}.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {
  @Override
  public Map<String, String> start() {
    return Map.of("kafka.bootstrap.servers", SharedServices.kafkaBootstrapServers());
  }

  @Override
  public void stop() {
    // Shared by every test class of this JVM; it stops when the JVM exits.
  }
}
