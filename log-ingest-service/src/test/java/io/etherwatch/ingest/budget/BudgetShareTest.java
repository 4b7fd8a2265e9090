package io.etherwatch.ingest.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetShareTest {

  @Test
  void aSingleReplicaGetsTheWholeRate() {
    assertThat(BudgetShare.rate(4, "a", Map.of("a", 0.3))).isEqualTo(4);
    assertThat(BudgetShare.rate(4, "a", Map.of("a", 12.0))).isEqualTo(4);
  }

  @Test
  void splitsInProportionToDemand() {
    Map<String, Double> demands = Map.of("hot", 3.0, "warm", 1.0);
    assertThat(BudgetShare.rate(4, "hot", demands)).isCloseTo(3, within(1e-9));
    assertThat(BudgetShare.rate(4, "warm", demands)).isCloseTo(1, within(1e-9));
  }

  @Test
  void anIdleReplicaKeepsATenthOfAnEqualShareAndTheSumStaysWithinTheRate() {
    Map<String, Double> demands = Map.of("hot", 10.0, "idle", 0.0);
    double hot = BudgetShare.rate(4, "hot", demands);
    double idle = BudgetShare.rate(4, "idle", demands);
    assertThat(idle).isGreaterThanOrEqualTo(0.1 * 2 / 1.1).isLessThan(0.2 + 1e-9);
    assertThat(hot).isGreaterThan(3.5);
    assertThat(hot + idle).isLessThanOrEqualTo(4 + 1e-9);
  }

  @Test
  void theSharesOfManyReplicasNeverExceedTheDeploymentRate() {
    Map<String, Double> demands =
        Map.of("a", 50.0, "b", 0.01, "c", 0.0, "d", 0.02, "e", 0.0, "f", 7.0);
    double sum = 0;
    for (String member : demands.keySet()) {
      double rate = BudgetShare.rate(5, member, demands);
      assertThat(rate).as(member).isPositive();
      sum += rate;
    }
    assertThat(sum).isLessThanOrEqualTo(5 + 1e-9);
  }

  @Test
  void withNoDemandKnownTheReplicasShareEqually() {
    assertThat(BudgetShare.rate(4, "a", Map.of("a", 0.0, "b", 0.0))).isEqualTo(2);
  }
}
