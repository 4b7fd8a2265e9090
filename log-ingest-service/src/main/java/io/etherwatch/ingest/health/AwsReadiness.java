package io.etherwatch.ingest.health;

import io.etherwatch.ingest.client.AwsCallFailedException;
import io.etherwatch.ingest.client.CloudWatchLogsGateway;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while CloudWatch Logs answers: a recent answer to any call counts (a throttle is an
 * answer); otherwise one cheap call, inside the shared budget, decides.
 */
@Readiness
@ApplicationScoped
public class AwsReadiness implements HealthCheck {
  private static final long RECENT_MILLIS = 30_000;

  private final CloudWatchLogsGateway logs;

  public AwsReadiness(CloudWatchLogsGateway logs) {
    this.logs = logs;
  }

  @Override
  public HealthCheckResponse call() {
    boolean up = System.currentTimeMillis() - logs.lastAnswer() < RECENT_MILLIS;
    if (!up) {
      try {
        logs.probe();
        up = true;
      } catch (AwsCallFailedException e) {
        up = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return HealthCheckResponse.named("cloudwatch-logs").status(up).build();
  }
}
