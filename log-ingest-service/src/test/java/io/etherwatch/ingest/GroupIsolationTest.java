package io.etherwatch.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.etherwatch.ingest.metrics.IngestMetrics;
import io.etherwatch.testsupport.KafkaResource;
import io.etherwatch.testsupport.MotoResource;
import io.etherwatch.testsupport.SharedServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A failure that belongs to one group stays with that group, and background machinery that fails
 * comes back: faults injected at the AWS SDK and in the Kafka producer of the running service,
 * against the real broker and moto; a read_committed consumer counts what came out.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(MotoResource.class)
class GroupIsolationTest {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Inject IngestMetrics metrics;
  @Inject DenyingInterceptor denying;

  private LogsFixture logs;
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void openFixture() {
    logs = new LogsFixture(SharedServices.motoEndpoint());
  }

  @AfterEach
  void closeFixture() {
    denying.deny("\u0000");
    logs.close();
  }

  @Test
  void aGroupDeniedByAwsWaitsLongerEachTimeAndSaysWhyWhileItsNeighboursPublish() throws Exception {
    List<String> groups = KafkaRefusalsTest.sameShard("denied-" + run, 2);
    String denied = groups.get(0);
    String neighbour = groups.get(1);
    String other = "healthy-" + run;
    denying.deny(denied);
    long now = System.currentTimeMillis();
    for (String g : List.of(denied, neighbour, other)) {
      logs.createGroup(g);
      logs.createStream(g, "s");
      logs.putNumbered(g, "s", 0, 10, now);
    }
    PublishedEvents.awaitComplete(bootstrap, neighbour, Map.of("s", 10), WAIT);
    PublishedEvents.awaitComplete(bootstrap, other, Map.of("s", 10), WAIT);
    await().atMost(WAIT).until(() -> denying.denied() >= 1);

    int before = denying.denied();
    Thread.sleep(40_000);
    int calls = denying.denied() - before;
    // The test profile reads an idle group every 2 s: 20 calls in 40 s without a backoff; with
    // 5 s doubling (equal jitter) at most 4 or 5.
    assertThat(calls).as("FilterLogEvents calls for the denied group in 40 s").isBetween(1, 6);
    given()
        .get("/api/ingest/status")
        .then()
        .statusCode(200)
        .body("failing.'" + denied + "'.reason", equalTo("aws-access-denied"))
        .body("failing.'" + neighbour + "'", nullValue())
        .body("followed", hasItem(denied));
    assertThat(
            metrics.count(
                "etherwatch.ingest.group.failures", "group", denied, "reason", "aws-access-denied"))
        .isGreaterThanOrEqualTo(2);

    logs.putNumbered(neighbour, "s", 10, 20, now + 20);
    PublishedEvents.awaitComplete(bootstrap, neighbour, Map.of("s", 20), WAIT);
    denying.deny("\u0000");
    PublishedEvents.awaitComplete(bootstrap, denied, Map.of("s", 10), WAIT);
    afterTwoMoreSweeps();
    PublishedEvents.assertExactlyOnceInOrder(bootstrap, denied, Map.of("s", 10));
    PublishedEvents.assertExactlyOnceInOrder(bootstrap, neighbour, Map.of("s", 20));
    PublishedEvents.assertExactlyOnceInOrder(bootstrap, other, Map.of("s", 10));
    given()
        .get("/api/ingest/status")
        .then()
        .statusCode(200)
        .body("failing.'" + denied + "'", nullValue());
  }

  @Test
  void aTransactionHeldPastItsTimeoutDoesNotStopTheShard() {
    List<String> groups = KafkaRefusalsTest.sameShard("held-" + run, 2);
    String held = groups.get(0);
    String neighbour = groups.get(1);
    long now = System.currentTimeMillis();
    for (String g : groups) {
      logs.createGroup(g);
      logs.createStream(g, "s");
      logs.putNumbered(g, "s", 0, 5, now);
    }
    for (String g : groups) {
      PublishedEvents.awaitComplete(bootstrap, g, Map.of("s", 5), WAIT);
    }
    // The test profile's transaction.timeout.ms is 8 s; the broker checks every 10 s.
    TransactionHold.arm("etherwatch.ingest.checkpoints", held, 25_000);
    for (String g : groups) {
      logs.putNumbered(g, "s", 5, 10, now + 10);
    }
    await().atMost(WAIT).until(TransactionHold::held);
    for (String g : groups) {
      logs.putNumbered(g, "s", 10, 15, now + 20);
    }
    for (String g : groups) {
      PublishedEvents.awaitComplete(bootstrap, g, Map.of("s", 15), WAIT);
    }
    afterTwoMoreSweeps();
    for (String g : groups) {
      PublishedEvents.assertExactlyOnceInOrder(bootstrap, g, Map.of("s", 15));
    }
  }

  private void afterTwoMoreSweeps() {
    double sweeps = metrics.count("etherwatch.ingest.api.calls", "read", "sweep");
    await()
        .atMost(WAIT)
        .until(() -> metrics.count("etherwatch.ingest.api.calls", "read", "sweep") >= sweeps + 2);
  }
}
