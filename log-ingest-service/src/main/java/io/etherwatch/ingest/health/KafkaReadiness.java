package io.etherwatch.ingest.health;

import io.etherwatch.ingest.client.TopicAdmin;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the Kafka broker answers. */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {
  private final TopicAdmin topics;

  public KafkaReadiness(TopicAdmin topics) {
    this.topics = topics;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("kafka").status(topics.reachable()).build();
  }
}
