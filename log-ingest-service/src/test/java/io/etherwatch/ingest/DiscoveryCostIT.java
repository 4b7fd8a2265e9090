package io.etherwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.etherwatch.testsupport.SharedServices;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Cost: an account of 3,000 log groups of which a one-prefix selection follows 3. Discovery lists
 * by that prefix, so each round is one DescribeLogGroups call, not the 61 pages of the whole
 * account, and only one of two replicas discovers (the owner of shard 0), for both; the calls per
 * minute are printed for the record.
 */
class DiscoveryCostIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Pattern DESCRIBE =
      Pattern.compile(
          "etherwatch_ingest_api_calls_total\\{operation=\"DescribeLogGroups\",read=\"[a-z-]+\"\\}"
              + " ([0-9.E]+)");

  @Test
  void oneReplicaDiscoversWithOneCallPerRoundForAOnePrefixSelectionAmongThreeThousandGroups()
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String picked = "pick-" + run + "-";
    try (LogsFixture logs = new LogsFixture(SharedServices.motoEndpoint())) {
      for (int i = 0; i < 3_000; i++) {
        logs.createGroup("crowd-" + run + "-" + i);
      }
      for (int i = 0; i < 3; i++) {
        logs.createGroup(picked + i);
      }
    }
    String deployment = "discovery-" + run;
    IngestProcess a = IngestProcess.start("ingest-discovery-a-" + run, deployment, picked);
    IngestProcess b = IngestProcess.start("ingest-discovery-b-" + run, deployment, picked);
    try {
      for (IngestProcess replica : List.of(a, b)) {
        await()
            .atMost(WAIT)
            .until(
                () ->
                    replica.status().contains(picked + "0")
                        && replica.status().contains(picked + "2"));
      }
      double beforeA = describeCalls(a);
      double beforeB = describeCalls(b);
      long start = System.nanoTime();
      Thread.sleep(30_000);
      double callsA = describeCalls(a) - beforeA;
      double callsB = describeCalls(b) - beforeB;
      double minutes = (System.nanoTime() - start) / 60e9;
      System.out.printf(
          "DiscoveryCostIT: 3,000 groups, one-prefix selection, two replicas, discovery every 2 s:"
              + " %.0f and %.0f DescribeLogGroups calls per minute%n",
          callsA / minutes, callsB / minutes);
      // One call per 2-s round is 30 a minute for the deployment; listing the whole account would
      // be 61 calls per round and replica.
      assertThat((callsA + callsB) / minutes).isLessThanOrEqualTo(40);
      assertThat(Math.min(callsA, callsB)).as("the replica that does not discover").isZero();
      assertThat(a.status()).doesNotContain("crowd-" + run);
    } finally {
      a.stop();
      b.stop();
    }
  }

  private static double describeCalls(IngestProcess ingest) {
    Matcher m = DESCRIBE.matcher(ingest.metrics());
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(1));
    }
    return sum;
  }
}
