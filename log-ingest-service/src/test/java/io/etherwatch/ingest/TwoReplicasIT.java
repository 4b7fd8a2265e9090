package io.etherwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.ingest.coordination.ShardMap;
import io.etherwatch.testsupport.SharedServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Scale-out: two replicas of the packaged service split the shards (and so the groups) through the
 * coordination consumer group; kill -9 of one moves its groups to the other, and a read_committed
 * consumer counts zero missing and zero duplicated events.
 */
class TwoReplicasIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SHARDS = 4;

  @Test
  void replicasSplitGroupsAndSurvivorTakesOverAKilledOnesGroups() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String prefix = "scale-" + run + "-";
    List<String> groups = groupsOnEveryShard(prefix);
    List<String> streams = List.of("s1", "s2");
    String kafka = SharedServices.kafkaBootstrapServers();
    String deployment = "scale-" + run;

    try (NumberedWriter writer = new NumberedWriter(groups, streams, 5, 200).start()) {
      IngestProcess a = IngestProcess.start("ingest-replica-a", deployment, prefix);
      IngestProcess b = IngestProcess.start("ingest-replica-b", deployment, prefix);
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                Set<String> ofA = ownedGroups(a);
                Set<String> ofB = ownedGroups(b);
                assertThat(shardsOwned(a)).hasSize(SHARDS / 2);
                assertThat(shardsOwned(b)).hasSize(SHARDS / 2);
                assertThat(ofA).isNotEmpty();
                assertThat(ofB).isNotEmpty();
                assertThat(Collections.disjoint(ofA, ofB)).as("disjoint").isTrue();
                Set<String> union = new HashSet<>(ofA);
                union.addAll(ofB);
                assertThat(union).containsExactlyInAnyOrderElementsOf(groups);
              });
      int before = published(kafka, groups);
      await().atMost(WAIT).until(() -> published(kafka, groups) >= before + 100);

      b.kill();
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                assertThat(shardsOwned(a)).hasSize(SHARDS);
                assertThat(ownedGroups(a)).containsExactlyInAnyOrderElementsOf(groups);
              });
      int afterKill = published(kafka, groups);
      await().atMost(WAIT).until(() -> published(kafka, groups) >= afterKill + 100);

      int perStream = writer.finish();
      int total = perStream * groups.size() * streams.size();
      await().atMost(WAIT).until(() -> published(kafka, groups) >= total);
      double sweeps = a.sweeps();
      await().atMost(WAIT).until(() -> a.sweeps() >= sweeps + 2 * groups.size());
      a.stop();

      for (String group : groups) {
        Map<String, List<Integer>> byStream =
            PublishedEvents.numbersByStream(PublishedEvents.of(kafka, group));
        for (String stream : streams) {
          assertThat(byStream.get(stream))
              .as("%s/%s after its replica was killed: each event once, in order", group, stream)
              .containsExactlyElementsOf(IntStream.range(0, perStream).boxed().toList());
        }
      }
    }
  }

  /* Group names are random per run: pick them so that every shard, and so each replica, has some. */
  private static List<String> groupsOnEveryShard(String prefix) {
    ShardMap map = new ShardMap(SHARDS);
    List<String> groups = new ArrayList<>();
    Set<Integer> covered = new HashSet<>();
    for (int i = 0; covered.size() < SHARDS || groups.size() < 6; i++) {
      String group = prefix + i;
      if (covered.add(map.shardOf(group)) || groups.size() < 6 && covered.size() == SHARDS) {
        groups.add(group);
      }
    }
    return groups;
  }

  private static JsonNode status(IngestProcess replica) throws Exception {
    String answer = replica.status();
    assertThat(answer).startsWith("200 ");
    return JSON.readTree(answer.substring(4));
  }

  private static Set<String> shardsOwned(IngestProcess replica) throws Exception {
    Set<String> shards = new HashSet<>();
    status(replica).get("shards").fieldNames().forEachRemaining(shards::add);
    return shards;
  }

  private static Set<String> ownedGroups(IngestProcess replica) throws Exception {
    Set<String> groups = new HashSet<>();
    status(replica).get("shards").forEach(g -> g.forEach(name -> groups.add(name.asText())));
    return groups;
  }

  private static int published(String kafka, List<String> groups) {
    return groups.stream().mapToInt(g -> PublishedEvents.of(kafka, g).size()).sum();
  }
}
