package io.etherwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.etherwatch.testsupport.KafkaBroker;
import io.etherwatch.testsupport.SharedServices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Fault: kill -9 of the Kafka broker while the packaged service publishes, then the broker
 * restarts; the service recovers from what Kafka committed: zero missing, zero duplicated.
 */
class BrokerRestartIT {
  private static final Duration WAIT = Duration.ofSeconds(180);

  @Test
  void brokerKilledMidTransactionLosesAndDuplicatesNothing() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String prefix = "broker-" + run + "-";
    List<String> groups = List.of(prefix + "a", prefix + "b");
    List<String> streams = List.of("s1", "s2");
    KafkaBroker broker = KafkaBroker.start(SharedServices.runDir().resolve("kafka-" + run));
    String kafka = broker.bootstrapServers();
    IngestProcess ingest = null;
    try (NumberedWriter writer = new NumberedWriter(groups, streams, 10, 150).start()) {
      ingest = IngestProcess.start("ingest-broker-" + run, "broker-" + run, prefix, kafka);
      await().atMost(WAIT).until(() -> published(kafka, groups) >= 100);

      broker.kill();
      Thread.sleep(3_000);
      broker.restart();

      int afterRestart = published(kafka, groups);
      await().atMost(WAIT).until(() -> published(kafka, groups) >= afterRestart + 100);
      int perStream = writer.finish();
      int total = perStream * groups.size() * streams.size();
      await().atMost(WAIT).until(() -> published(kafka, groups) >= total);
      IngestProcess last = ingest;
      double sweeps = last.sweeps();
      await().atMost(WAIT).until(() -> last.sweeps() >= sweeps + 2 * groups.size());

      for (String group : groups) {
        Map<String, List<Integer>> byStream =
            PublishedEvents.numbersByStream(PublishedEvents.of(kafka, group));
        for (String stream : streams) {
          assertThat(byStream.get(stream))
              .as("%s/%s after the broker was killed: each event once, in order", group, stream)
              .containsExactlyElementsOf(IntStream.range(0, perStream).boxed().toList());
        }
      }
    } finally {
      if (ingest != null) {
        ingest.stop();
      }
      broker.stop();
    }
  }

  private static int published(String kafka, List<String> groups) {
    return groups.stream().mapToInt(g -> PublishedEvents.of(kafka, g).size()).sum();
  }
}
