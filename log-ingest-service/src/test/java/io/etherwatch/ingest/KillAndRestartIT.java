package io.etherwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.etherwatch.logevent.LogEvent;
import io.etherwatch.testsupport.SharedServices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Fault: kill -9 of the packaged service in the middle of publishing, four times, each time
 * restarted; a read_committed consumer then counts every event: zero missing, zero duplicated.
 */
class KillAndRestartIT {
  private static final int ROUNDS = 4;
  private static final Duration WAIT = Duration.ofSeconds(120);

  @Test
  void killNineMidPublishingLosesAndDuplicatesNothing() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String prefix = "fault-" + run + "-";
    List<String> groups = List.of(prefix + "a", prefix + "b", prefix + "c");
    List<String> streams = List.of("s1", "s2");
    String kafka = SharedServices.kafkaBootstrapServers();

    try (NumberedWriter writer = new NumberedWriter(groups, streams, 10, 150).start()) {
      IngestProcess ingest = IngestProcess.start("ingest-fault-0", "fault-" + run, prefix);
      for (int round = 1; round <= ROUNDS; round++) {
        int before = published(kafka, groups);
        await().atMost(WAIT).until(() -> published(kafka, groups) >= before + 100);
        ingest.kill();
        ingest = IngestProcess.start("ingest-fault-" + round, "fault-" + run, prefix);
      }
      int perStream = writer.finish();
      int total = perStream * groups.size() * streams.size();
      await().atMost(WAIT).until(() -> published(kafka, groups) >= total);
      IngestProcess last = ingest;
      double sweeps = last.sweeps();
      await().atMost(WAIT).until(() -> last.sweeps() >= sweeps + 2 * groups.size());
      last.stop();

      for (String group : groups) {
        Map<String, List<Integer>> byStream =
            PublishedEvents.numbersByStream(PublishedEvents.of(kafka, group));
        for (String stream : streams) {
          assertThat(byStream.get(stream))
              .as("%s/%s after %d kill -9 rounds: each event once, in order", group, stream, ROUNDS)
              .containsExactlyElementsOf(IntStream.range(0, perStream).boxed().toList());
        }
      }
    }
  }

  private static int published(String kafka, List<String> groups) {
    int n = 0;
    for (String g : groups) {
      List<LogEvent> events = PublishedEvents.of(kafka, g);
      n += events.size();
    }
    return n;
  }
}
