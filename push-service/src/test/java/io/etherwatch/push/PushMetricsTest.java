package io.etherwatch.push;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PushMetricsTest extends PushTestBase {

  @Test
  void exposesConnectionsSubscriptionsDeliveriesQueueGapsAndLag() {
    LogFixture fixture = LogFixture.create("metrics", 1, "s1");
    try (WsClient client = WsClient.withToken(ws(), token("/etherwatch/test/*"))) {
      String sub = client.subscribe(request(fixture.group));
      double before = metric("etherwatch_push_delivered_events_total");
      fixture.produce(List.of(fixture.event("s1", "a"), fixture.event("s1", "b")));
      assertThat(events(client, sub, 2)).hasSize(2);
      // The counter moves when the server's write completes, which may trail the client's read.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> metric("etherwatch_push_delivered_events_total") >= before + 2);
      String metrics = given().get("/q/metrics").asString();
      assertThat(metric(metrics, "etherwatch_push_connections")).isGreaterThanOrEqualTo(1);
      assertThat(metric(metrics, "etherwatch_push_subscriptions")).isGreaterThanOrEqualTo(1);
      assertThat(metric(metrics, "etherwatch_push_delivered_events_total"))
          .isGreaterThanOrEqualTo(before + 2);
      assertThat(metric(metrics, "etherwatch_push_send_queue_max_bytes")).isGreaterThanOrEqualTo(0);
      assertThat(metric(metrics, "etherwatch_push_consumer_lag_records")).isGreaterThanOrEqualTo(0);
      assertThat(metrics).contains("etherwatch_push_gaps_total{reason=\"slow_consumer\"");
      assertThat(metrics).contains("etherwatch_push_gaps_total{reason=\"retention\"");
    }
  }
}
