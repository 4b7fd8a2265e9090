package io.etherwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.etherwatch.ingest.metrics.IngestMetrics;
import io.etherwatch.logevent.LogEvent;
import io.etherwatch.testsupport.KafkaResource;
import io.etherwatch.testsupport.MotoResource;
import io.etherwatch.testsupport.MotoServer;
import io.etherwatch.testsupport.SharedServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

/**
 * The late sweep in the running service (same boot as {@link IngestPipelineTest}): an event older
 * than lookback + late-margin is counted once, logged with its id, and not published.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(MotoResource.class)
class LateSweepIngestTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Logger POLLER_LOG =
      Logger.getLogger("io.etherwatch.ingest.service.GroupPoller");

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Inject IngestMetrics metrics;

  private LogsFixture logs;
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          warnings.add(r instanceof ExtLogRecord e ? e.getFormattedMessage() : r.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void open() {
    logs = new LogsFixture(SharedServices.motoEndpoint());
    POLLER_LOG.addHandler(capture);
  }

  @AfterEach
  void close() {
    POLLER_LOG.removeHandler(capture);
    logs.close();
  }

  @Test
  void countsAnEventBeyondTheLateMarginOnceAndPublishesOnlyEventsInsideTheLookback() {
    String group = "deep-" + UUID.randomUUID().toString().substring(0, 8);
    logs.createGroup(group);
    logs.createStream(group, "s");
    long now = System.currentTimeMillis();
    logs.putNumbered(group, "s", 0, 5, now);
    awaitPublished(group, 5);

    // After the group is followed: one event inside the lookback, one 30 minutes older than the
    // newest (beyond lookback 5 min + late-margin 5 min, within the 1 h late horizon).
    logs.put(group, "s", now - Duration.ofMinutes(2).toMillis(), "n=5 stream=s inside lookback");
    logs.put(group, "s", now - Duration.ofMinutes(30).toMillis(), "deep late event");
    String deepId = eventId(group, "deep late event");

    await().atMost(WAIT).until(() -> late(group) >= 1);
    double sweeps = lateSweeps(group);
    await().atMost(WAIT).until(() -> lateSweeps(group) >= sweeps + 2);

    assertThat(late(group)).as("counted once across late sweeps").isEqualTo(1);
    assertThat(warnings)
        .filteredOn(w -> w.contains("late sweep"))
        .singleElement()
        .asString()
        .contains("group=" + group, "stream=s", "eventId=" + deepId, "ingestionTime=");
    List<LogEvent> events = PublishedEvents.of(bootstrap, group);
    assertThat(events).extracting(LogEvent::message).doesNotContain("deep late event");
    assertThat(PublishedEvents.numbersByStream(events).get("s"))
        .as("events inside the lookback: each once, in order")
        .containsExactlyElementsOf(IntStream.range(0, 6).boxed().toList());
    assertThat(metrics.count("etherwatch.ingest.api.calls", "read", "late-sweep")).isPositive();
  }

  private double late(String group) {
    return metrics.count("etherwatch.ingest.late.events", "group", group);
  }

  private double lateSweeps(String group) {
    return metrics.count("etherwatch.ingest.polls", "group", group, "read", "late-sweep");
  }

  private void awaitPublished(String group, int n) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> PublishedEvents.of(bootstrap, group).size() >= n);
  }

  private static String eventId(String group, String message) {
    try (CloudWatchLogsClient client =
        MotoServer.configure(CloudWatchLogsClient.builder(), SharedServices.motoEndpoint())
            .build()) {
      return client
          .filterLogEvents(b -> b.logGroupName(group).interleaved(true).startTime(0L))
          .events()
          .stream()
          .filter(e -> e.message().equals(message))
          .map(FilteredLogEvent::eventId)
          .findFirst()
          .orElseThrow();
    }
  }
}
