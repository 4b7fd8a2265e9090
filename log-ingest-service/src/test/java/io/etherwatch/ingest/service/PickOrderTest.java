package io.etherwatch.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.etherwatch.ingest.service.PickOrder.Candidate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PickOrderTest {
  private static final Candidate<String> IDLE = new Candidate<>("idle", 100, 30_000, false);
  private static final Candidate<String> HOT = new Candidate<>("hot", 900, 1_000, false);
  private static final Candidate<String> WATCHED_IDLE =
      new Candidate<>("watched-idle", 950, 30_000, true);

  @Test
  void watchedGroupsGoFirstThenHotOnesThenTheMostOverdue() {
    List<Candidate<String>> due = List.of(IDLE, HOT, WATCHED_IDLE);
    assertThat(PickOrder.pick(due, 1).poller()).isEqualTo("watched-idle");
    assertThat(PickOrder.pick(List.of(IDLE, HOT), 2).poller()).isEqualTo("hot");
    assertThat(PickOrder.pick(due, 4).poller()).as("every fourth: most overdue").isEqualTo("idle");
  }

  @Test
  void theMostOverdueWatchedGroupGoesFirst() {
    Candidate<String> a = new Candidate<>("a", 500, 1_000, true);
    Candidate<String> b = new Candidate<>("b", 300, 30_000, true);
    assertThat(PickOrder.pick(List.of(a, b, HOT), 1).poller()).isEqualTo("b");
  }

  /* Simulates a saturated shard: each group re-enters the due list right after its read. */
  @Test
  void manyWatchedGroupsShareTheReadsAndIdleGroupsAreNotStarved() {
    Map<String, Integer> reads = new HashMap<>();
    List<Candidate<String>> due = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      due.add(new Candidate<>("w" + i, i, 1_000, true));
    }
    due.add(new Candidate<>("idle", 2, 30_000, false));
    long clock = 10;
    for (long pick = 1; pick <= 400; pick++) {
      Candidate<String> next = PickOrder.pick(due, pick);
      reads.merge(next.poller(), 1, Integer::sum);
      due.remove(next);
      due.add(new Candidate<>(next.poller(), clock++, next.interval(), next.watched()));
    }
    for (int i = 0; i < 5; i++) {
      assertThat(reads.get("w" + i)).as("w%d", i).isBetween(60, 70);
    }
    assertThat(reads.get("idle")).isGreaterThanOrEqualTo(400 / 4 / 6);
  }
}
