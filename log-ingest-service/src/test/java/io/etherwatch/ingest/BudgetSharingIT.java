package io.etherwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.ingest.coordination.ShardMap;
import io.etherwatch.testsupport.SharedServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One budget for the deployment: two replicas of the packaged service, one whose groups are hot and
 * one whose groups are idle; the hot one's rate (gauge {@code etherwatch_ingest_budget_rate}) grows
 * beyond an equal share and the two rates never add up to more than the deployment's.
 */
class BudgetSharingIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SHARDS = 4;
  private static final double RATE = 20;
  private static final String GAUGE = "etherwatch_ingest_budget_rate";

  @Test
  void theReplicaWithHotGroupsGetsTheLargerShareOfOneDeploymentBudget() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String prefix = "budget-" + run + "-";
    List<String> groups = new ArrayList<>();
    Set<Integer> shards = new HashSet<>();
    ShardMap map = new ShardMap(SHARDS);
    for (int i = 0; shards.size() < SHARDS; i++) {
      groups.add(prefix + i);
      shards.add(map.shardOf(prefix + i));
    }
    String kafka = SharedServices.kafkaBootstrapServers();
    // Idle groups are read every 30 s, as by default, so that demand tells hot from idle.
    Map<String, String> settings =
        Map.of(
            "etherwatch.ingest.poll-interval-max", "30s",
            "etherwatch.ingest.sweep-interval", "30s",
            "etherwatch.ingest.discovery-interval", "10s",
            "etherwatch.ingest.budget.calls-per-second", Double.toString(RATE));
    try (LogsFixture logs = new LogsFixture(SharedServices.motoEndpoint())) {
      for (String g : groups) {
        logs.createGroup(g);
        logs.createStream(g, "s");
      }
      IngestProcess a = IngestProcess.start("budget-a", "budget-" + run, prefix, kafka, settings);
      IngestProcess b = IngestProcess.start("budget-b", "budget-" + run, prefix, kafka, settings);
      try {
        await()
            .atMost(WAIT)
            .untilAsserted(
                () -> {
                  assertThat(ownedGroups(a)).isNotEmpty();
                  assertThat(ownedGroups(b)).isNotEmpty();
                  assertThat(ownedGroups(a).size() + ownedGroups(b).size())
                      .isEqualTo(groups.size());
                });
        List<String> hot = List.copyOf(ownedGroups(a));

        long end = System.currentTimeMillis() + WAIT.toMillis();
        int n = 0;
        boolean split = false;
        while (!split && System.currentTimeMillis() < end) {
          for (String g : hot) {
            logs.putNumbered(g, "s", n, n + 20, System.currentTimeMillis() - n);
          }
          n += 20;
          double ofA = a.gauge(GAUGE);
          double ofB = b.gauge(GAUGE);
          split = ofA > RATE / 2 && ofA > ofB && ofA + ofB <= RATE + 1e-6;
          Thread.sleep(500);
        }
        double ofA = a.gauge(GAUGE);
        double ofB = b.gauge(GAUGE);
        assertThat(split)
            .as("hot replica's rate %s vs idle replica's %s, deployment %s", ofA, ofB, RATE)
            .isTrue();
        assertThat(ofB).as("the idle replica is not starved").isPositive();
      } finally {
        a.stop();
        b.stop();
      }
    }
  }

  private static Set<String> ownedGroups(IngestProcess replica) throws Exception {
    String answer = replica.status();
    assertThat(answer).startsWith("200 ");
    JsonNode status = JSON.readTree(answer.substring(4));
    Set<String> groups = new HashSet<>();
    status.get("shards").forEach(g -> g.forEach(name -> groups.add(name.asText())));
    return groups;
  }
}
