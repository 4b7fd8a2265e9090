package io.etherwatch.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.ingest.metrics.IngestMetrics;
import io.etherwatch.logevent.WatchedGroup;
import io.etherwatch.testsupport.KafkaResource;
import io.etherwatch.testsupport.MotoResource;
import io.etherwatch.testsupport.SharedServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Watched groups first (issue 14): records written to {@code etherwatch.push.watched} by a plain
 * producer, as push-service writes them, against the real broker and moto. Idle groups back off to
 * 20 s, sweeps come every 5 minutes and discovery rounds every 10 minutes, so only watching can
 * explain a read every second or a new group followed at once. Reads are counted by the metric.
 */
@QuarkusTest
@TestProfile(WatchedGroupsTest.SlowIdle.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(MotoResource.class)
class WatchedGroupsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Idle groups wait 20 s, no sweep or discovery round during a test, no late sweep. */
  public static class SlowIdle implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "etherwatch.ingest.poll-interval-max", "20s",
          "etherwatch.ingest.sweep-interval", "5m",
          "etherwatch.ingest.discovery-interval", "10m",
          "etherwatch.ingest.late-horizon", "5m");
    }
  }

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Inject IngestMetrics metrics;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String replica = "push-test-" + run;
  private LogsFixture logs;
  private KafkaProducer<String, String> producer;

  @BeforeEach
  void open() {
    logs = new LogsFixture(SharedServices.motoEndpoint());
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    producer = new KafkaProducer<>(props);
    // The boot's discovery round is over: a group created from now on waits 10 minutes for the
    // next.
    await()
        .atMost(WAIT)
        .until(
            () ->
                metrics.count(
                        "etherwatch.ingest.api.calls",
                        "operation",
                        "DescribeLogGroups",
                        "read",
                        "discovery")
                    >= 1);
  }

  @AfterEach
  void close() {
    producer.close();
    logs.close();
  }

  @Test
  void aWatchedIdleGroupIsReadEverySecondAndBacksOffOnceNobodyWatches() throws Exception {
    String watched = "watched-" + run;
    String other = "unwatched-" + run;
    for (String g : new String[] {watched, other}) {
      logs.createGroup(g);
      logs.createStream(g, "s");
      logs.putNumbered(g, "s", 0, 1, System.currentTimeMillis());
      watch(g, Duration.ofMinutes(2));
    }
    PublishedEvents.awaitComplete(bootstrap, watched, Map.of("s", 1), WAIT);
    PublishedEvents.awaitComplete(bootstrap, other, Map.of("s", 1), WAIT);

    // A tombstone: nobody watches the other group any more.
    unwatch(other);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                given()
                    .get("/api/ingest/status")
                    .then()
                    .body("watched", hasItem(watched))
                    .body("watched", not(hasItem(other)))
                    .body("watchedInterval", equalTo("PT1S")));

    // Both are idle; the watched one is read every second, the other backs off.
    double watchedReads = reads(watched);
    double otherReads = reads(other);
    await().atMost(WAIT).until(() -> reads(watched) >= watchedReads + 8);
    assertThat(reads(other) - otherReads).as("reads of the unwatched idle group").isLessThan(4);

    // A new event of the idle watched group is published by its next read or the one after.
    double before = reads(watched);
    logs.putNumbered(watched, "s", 1, 2, System.currentTimeMillis());
    awaitPublished(watched, 2, WAIT);
    assertThat(reads(watched) - before).isLessThanOrEqualTo(3);

    // Its entry expires without a heartbeat: unwatched, it backs off again (6 s without a read).
    watch(watched, Duration.ofMillis(1500));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> given().get("/api/ingest/status").then().body("watched", not(hasItem(watched))));
    double[] last = {reads(watched)};
    await()
        .during(Duration.ofSeconds(6))
        .atMost(Duration.ofSeconds(45))
        .until(
            () -> {
              double now = reads(watched);
              boolean unread = now == last[0];
              last[0] = now;
              return unread;
            });

    // The other group, backed off, gets a first subscriber again: it is read at once.
    logs.putNumbered(other, "s", 1, 2, System.currentTimeMillis());
    double otherBefore = reads(other);
    watch(other, Duration.ofMinutes(2));
    awaitPublished(other, 2, Duration.ofSeconds(10));
    assertThat(reads(other) - otherBefore).isLessThanOrEqualTo(2);

    given()
        .get("/q/metrics")
        .then()
        .body(containsString("etherwatch_ingest_watched_groups "))
        .body(containsString("etherwatch_ingest_watched_interval_seconds 1.0"))
        .body(containsString("etherwatch_ingest_reads_total{class=\"watched\"}"))
        .body(containsString("etherwatch_ingest_reads_total{class=\"idle\"}"))
        .body(containsString("etherwatch_ingest_read_interval_seconds{class=\"watched\"}"));
    unwatch(other);
    PublishedEvents.assertExactlyOnceInOrder(bootstrap, watched, Map.of("s", 2));
    PublishedEvents.assertExactlyOnceInOrder(bootstrap, other, Map.of("s", 2));
  }

  @Test
  void aNewGroupWatchedAtOnceIsFollowedWithoutWaitingForTheNextDiscoveryRound() throws Exception {
    String group = "new-watched-" + run;
    double lookups =
        metrics.count(
            "etherwatch.ingest.api.calls", "operation", "DescribeLogGroups", "read", "watched");
    logs.createGroup(group);
    logs.createStream(group, "s");
    logs.putNumbered(group, "s", 0, 3, System.currentTimeMillis());
    watch(group, Duration.ofMinutes(2));

    PublishedEvents.awaitComplete(bootstrap, group, Map.of("s", 3), WAIT);
    assertThat(
            metrics.count(
                "etherwatch.ingest.api.calls", "operation", "DescribeLogGroups", "read", "watched"))
        .as("looked up by its name")
        .isGreaterThan(lookups);
    given().get("/api/ingest/status").then().body("followed", hasItems(group));
    unwatch(group);
    PublishedEvents.assertExactlyOnceInOrder(bootstrap, group, Map.of("s", 3));
  }

  /* Watches the service's own count, so that the reads counted next are those up to publication. */
  private void awaitPublished(String group, int events, Duration wait) {
    await()
        .atMost(wait)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> metrics.count("etherwatch.ingest.events", "group", group) >= events);
  }

  /* FilterLogEvents reads of a group (frequent reads and sweeps). */
  private double reads(String group) {
    return metrics.count("etherwatch.ingest.polls", "group", group, "read", "frequent")
        + metrics.count("etherwatch.ingest.polls", "group", group, "read", "sweep");
  }

  private void watch(String group, Duration ttl) throws Exception {
    long now = System.currentTimeMillis();
    send(
        group,
        JSON.writeValueAsString(new WatchedGroup(replica, group, 1, now, now + ttl.toMillis())));
  }

  private void unwatch(String group) throws Exception {
    send(group, null);
  }

  private void send(String group, String value) throws Exception {
    producer.send(new ProducerRecord<>(WatchedGroup.TOPIC, key(group), value)).get();
  }

  private String key(String group) throws JsonProcessingException {
    return JSON.writeValueAsString(new WatchedGroup.Key(replica, group));
  }
}
