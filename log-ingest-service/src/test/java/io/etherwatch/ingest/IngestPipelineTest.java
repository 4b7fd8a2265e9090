package io.etherwatch.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.etherwatch.ingest.metrics.IngestMetrics;
import io.etherwatch.logevent.LogEvent;
import io.etherwatch.logevent.TopicNames;
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

/** The running service against the real broker and moto; a read_committed consumer counts. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(MotoResource.class)
class IngestPipelineTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Inject IngestMetrics metrics;
  @Inject ThrottlingInterceptor throttling;

  private LogsFixture logs;
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void openFixture() {
    logs = new LogsFixture(SharedServices.motoEndpoint());
  }

  @AfterEach
  void closeFixture() {
    logs.close();
  }

  @Test
  void publishesNumberedEventsOnceInOrderAndPicksUpNewGroupsAndStreams() {
    long t0 = System.currentTimeMillis() - 60_000;
    List<String> groups = List.of("pipe-" + run + "-a", "/pipe/" + run + "/b");
    for (String g : groups) {
      logs.createGroup(g);
      for (String s : List.of("s1", "s2")) {
        logs.createStream(g, s);
        logs.putNumbered(g, s, 0, 100, t0);
      }
    }
    awaitComplete(groups.get(0), Map.of("s1", 100, "s2", 100));

    String newGroup = "pipe-" + run + "-c";
    logs.createGroup(newGroup);
    logs.createStream(newGroup, "late-comer");
    logs.createStream(groups.get(0), "s3");
    for (String g : groups) {
      logs.putNumbered(g, "s1", 100, 150, t0);
      logs.putNumbered(g, "s2", 100, 150, t0);
    }
    logs.putNumbered(groups.get(0), "s3", 0, 30, t0 + 10_000);
    logs.putNumbered(newGroup, "late-comer", 0, 40, t0 + 10_000);

    awaitComplete(groups.get(0), Map.of("s1", 150, "s2", 150, "s3", 30));
    awaitComplete(groups.get(1), Map.of("s1", 150, "s2", 150));
    awaitComplete(newGroup, Map.of("late-comer", 40));
    afterTwoMoreSweeps();
    assertExactlyOnceInOrder(groups.get(0), Map.of("s1", 150, "s2", 150, "s3", 30));
    assertExactlyOnceInOrder(groups.get(1), Map.of("s1", 150, "s2", 150));
    assertExactlyOnceInOrder(newGroup, Map.of("late-comer", 40));
  }

  @Test
  void publishesLateEventsInsideLookbackOnceAndCountsOlderOnes() {
    String group = "late-" + run;
    logs.createGroup(group);
    logs.createStream(group, "s");
    long now = System.currentTimeMillis();
    logs.putNumbered(group, "s", 0, 5, now);
    awaitComplete(group, Map.of("s", 5));

    logs.put(group, "s", now - Duration.ofMinutes(2).toMillis(), "n=5 stream=s inside lookback");
    awaitComplete(group, Map.of("s", 6));

    logs.put(group, "s", now - Duration.ofMinutes(7).toMillis(), "n=6 stream=s beyond lookback");
    await()
        .atMost(WAIT)
        .until(() -> metrics.count("etherwatch.ingest.late.events", "group", group) == 1);
    afterTwoMoreSweeps();

    assertThat(metrics.count("etherwatch.ingest.late.events", "group", group)).isEqualTo(1);
    List<LogEvent> events = PublishedEvents.of(bootstrap, group);
    assertThat(events)
        .extracting(LogEvent::message)
        .containsOnlyOnce("n=5 stream=s inside lookback");
    assertThat(events).extracting(LogEvent::message).doesNotContain("n=6 stream=s beyond lookback");
    assertThat(events).hasSize(6);
  }

  @Test
  void backsOffOnThrottlingWithoutLosingEvents() {
    String group = "throttled-" + run;
    double throttlesBefore =
        metrics.count("etherwatch.ingest.throttles", "operation", "FilterLogEvents");
    throttling.arm(group, 6);
    logs.createGroup(group);
    logs.createStream(group, "s");
    logs.putNumbered(group, "s", 0, 50, System.currentTimeMillis() - 5_000);

    awaitComplete(group, Map.of("s", 50));
    afterTwoMoreSweeps();

    assertThat(throttling.thrown()).isEqualTo(6);
    assertThat(metrics.count("etherwatch.ingest.throttles", "operation", "FilterLogEvents"))
        .isGreaterThanOrEqualTo(throttlesBefore + 6);
    assertExactlyOnceInOrder(group, Map.of("s", 50));
  }

  @Test
  void mapsIllegalLongAndCollidingGroupNamesToDistinctLegalTopics() {
    String legal = "topic_" + run;
    String illegal = "topic/" + run;
    String tooLong = "topic-" + run + "-" + "x".repeat(300);
    for (String g : List.of(legal, illegal, tooLong)) {
      logs.createGroup(g);
      logs.createStream(g, "s");
      logs.putNumbered(g, "s", 0, 3, System.currentTimeMillis());
    }
    for (String g : List.of(legal, illegal, tooLong)) {
      awaitComplete(g, Map.of("s", 3));
      assertThat(PublishedEvents.of(bootstrap, g))
          .extracting(LogEvent::logGroupName)
          .containsOnly(g);
    }
    TopicNames topics = new TopicNames(TopicNames.DEFAULT_PATTERN);
    assertThat(topics.topic(legal)).isEqualTo("logs." + legal);
    assertThat(topics.topic(illegal))
        .startsWith("logs.topic_" + run + "-")
        .isNotEqualTo(topics.topic(legal));
    assertThat(topics.topic(tooLong)).hasSize(249).matches("[a-zA-Z0-9._-]+");
  }

  @Test
  void exposesLagThroughputAndApiMetrics() {
    String group = "metrics-" + run;
    logs.createGroup(group);
    logs.createStream(group, "s");
    logs.putNumbered(group, "s", 0, 3, System.currentTimeMillis());
    awaitComplete(group, Map.of("s", 3));

    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("etherwatch_ingest_lag_seconds{group=\"" + group + "\""))
        .body(containsString("etherwatch_ingest_events_total{group=\"" + group + "\"} 3.0"))
        .body(containsString("etherwatch_ingest_api_calls_total{operation=\"FilterLogEvents\""))
        .body(containsString("etherwatch_ingest_rebalances_total"));
  }

  @Test
  void reportsOwnedShardsAndFollowedGroups() {
    String group = "status-" + run;
    logs.createGroup(group);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                given()
                    .get("/api/ingest/status")
                    .then()
                    .statusCode(200)
                    .body("shardCount", equalTo(4))
                    .body("shards.size()", equalTo(4))
                    .body("followed", hasItem(group))
                    .body("lateEvents.publishedWithin", equalTo("PT5M"))
                    .body("lateEvents.countedWithin", equalTo("PT1H5M"))
                    .body("lateEvents.lateHorizon", equalTo("PT1H"))
                    .body("lateEvents.beyond", containsString("neither published nor counted"))
                    .body("topicProblems.size()", equalTo(0)));
  }

  @Test
  void unknownRouteAnswersTheJsonErrorBody() {
    given()
        .get("/api/ingest/nothing-here")
        .then()
        .statusCode(404)
        .body("error", equalTo("not_found"))
        .body("message", notNullValue());
  }

  private void awaitComplete(String group, Map<String, Integer> counts) {
    PublishedEvents.awaitComplete(bootstrap, group, counts, WAIT);
  }

  /* Duplicates would come from a re-read: two sweeps after the last event make sure there was one. */
  private void afterTwoMoreSweeps() {
    double sweeps = metrics.count("etherwatch.ingest.api.calls", "read", "sweep");
    await()
        .atMost(WAIT)
        .until(() -> metrics.count("etherwatch.ingest.api.calls", "read", "sweep") >= sweeps + 2);
  }

  private void assertExactlyOnceInOrder(String group, Map<String, Integer> counts) {
    PublishedEvents.assertExactlyOnceInOrder(bootstrap, group, counts);
  }
}
