package io.etherwatch.bench.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The arithmetic of a benchmark's receipts: percentiles, histogram, missing, duplicated, order. */
class ReceiptsTest {
  private static final String S = "g s0";

  @Test
  void percentilesAreNearestRankOfTheFirstReceipts() {
    Receipts r = new Receipts();
    // 100 events written at 1000 ms, received 1..100 ms later (in order).
    for (int i = 0; i < 100; i++) {
      r.wrote(S, i, 1_000);
    }
    for (int i = 0; i < 100; i++) {
      r.received(S, Receipts.message(i, 0), 1_000 + i + 1);
    }
    Map<String, Object> s = r.summary(List.of(S), 0);
    List<String> keys =
        List.of(
            "written",
            "received",
            "p50Ms",
            "p95Ms",
            "p99Ms",
            "maxMs",
            "missing",
            "duplicated",
            "outOfOrder");
    assertThat(keys.stream().map(s::get))
        .containsExactly(100L, 100L, 50L, 95L, 99L, 100L, 0L, 0L, 0L);
  }

  @Test
  void aSingleSampleIsEveryPercentile() {
    Receipts r = new Receipts();
    r.wrote(S, 0, 10);
    r.received(S, Receipts.message(0, 10), 2_510);
    Map<String, Object> s = r.summary(List.of(S), 0);
    assertThat(List.of(s.get("p50Ms"), s.get("p95Ms"), s.get("p99Ms"), s.get("maxMs")))
        .containsOnly(2_500L);
  }

  @Test
  void nothingReceivedHasNoPercentilesAndEveryEventMissing() {
    Receipts r = new Receipts();
    r.wrote(S, 0, 10);
    r.wrote(S, 1, 10);
    Map<String, Object> s = r.summary(List.of(S), 0);
    assertThat(s)
        .containsEntry("missing", 2L)
        .containsEntry("received", 0L)
        .containsEntry("p50Ms", null)
        .containsEntry("maxMs", null);
    assertThat(r.missing(List.of(S))).isEqualTo(2);
  }

  @Test
  void duplicatesCountEveryReceiptAfterTheFirstAndLatencyTakesTheFirst() {
    Receipts r = new Receipts();
    r.wrote(S, 0, 0);
    r.wrote(S, 1, 0);
    r.received(S, Receipts.message(0, 0), 100);
    r.received(S, Receipts.message(0, 0), 900);
    r.received(S, Receipts.message(0, 0), 950);
    r.received(S, Receipts.message(1, 0), 200);
    Map<String, Object> s = r.summary(List.of(S), 0);
    assertThat(s)
        .containsEntry("duplicated", 2L)
        .containsEntry("maxMs", 200L)
        .containsEntry("outOfOrder", 0L);
  }

  @Test
  void outOfOrderCountsEachEventThatCameAfterAHigherNumberOfItsSeries() {
    Receipts r = new Receipts();
    for (int i = 0; i < 6; i++) {
      r.wrote(S, i, 0);
      r.wrote("g s1", i, 0);
    }
    // 0 3 1 2 5 4: 1, 2 (after 3) and 4 (after 5) are out of order; a duplicate of 0 is not.
    for (int seq : new int[] {0, 3, 1, 2, 5, 0, 4}) {
      r.received(S, Receipts.message(seq, 0), 10);
    }
    // The other stream in order, interleaved with nothing: its order is its own.
    for (int seq = 0; seq < 6; seq++) {
      r.received("g s1", Receipts.message(seq, 0), 10);
    }
    assertThat(r.summary(List.of(S), 0)).containsEntry("outOfOrder", 3L);
    assertThat(r.summary(List.of("g s1"), 0)).containsEntry("outOfOrder", 0L);
    assertThat(r.summary(List.of(S, "g s1"), 0))
        .containsEntry("outOfOrder", 3L)
        .containsEntry("duplicated", 1L)
        .containsEntry("written", 12L);
  }

  @Test
  void missingIsWrittenMinusReceivedAndIgnoresWhatWasNeverWritten() {
    Receipts r = new Receipts();
    for (int i = 0; i < 5; i++) {
      r.wrote(S, i, 0);
    }
    r.received(S, Receipts.message(1, 0), 5);
    r.received(S, Receipts.message(3, 0), 5);
    r.received(S, Receipts.message(99, 0), 5);
    r.received(S, "a demo line, not numbered", 5);
    assertThat(r.missing(List.of(S))).isEqualTo(3);
    assertThat(r.summary(List.of(S), 0)).containsEntry("missing", 3L).containsEntry("received", 2L);
    assertThat(r.foreign()).isEqualTo(1);
  }

  @Test
  void fromSeqLeavesOutTheEarlierNumbers() {
    Receipts r = new Receipts();
    for (int i = 0; i < 4; i++) {
      r.wrote(S, i, 0);
    }
    r.received(S, Receipts.message(2, 0), 7);
    r.received(S, Receipts.message(3, 0), 7);
    assertThat(r.summary(List.of(S), 2)).containsEntry("written", 2L).containsEntry("missing", 0L);
  }

  @Test
  void theHistogramPutsEachLatencyInTheFirstBucketThatHoldsIt() {
    Receipts r = new Receipts();
    long[] latencies = {0, 250, 251, 1_000, 2_001, 120_000, 120_001, -5};
    for (int i = 0; i < latencies.length; i++) {
      r.wrote(S, i, 1_000_000);
      r.received(S, Receipts.message(i, 0), 1_000_000 + latencies[i]);
    }
    @SuppressWarnings("unchecked")
    Map<String, Long> h = (Map<String, Long>) r.summary(List.of(S), 0).get("histogram");
    // ≤ 0.25 s (-5, 0, 250), ≤ 0.5 s, ≤ 1 s, ≤ 2 s, ≤ 5 s, ≤ 10 s, ≤ 30 s, ≤ 60 s, ≤ 120 s, above.
    assertThat(h.keySet()).containsExactlyElementsOf(Receipts.bucketLabels());
    assertThat(h.values()).containsExactly(3L, 1L, 1L, 0L, 1L, 0L, 0L, 0L, 1L, 1L);
  }

  @Test
  void aMessageCarriesItsSequenceNumber() {
    assertThat(Receipts.seq(Receipts.message(42, 1_700_000_000_000L))).isEqualTo(42);
    assertThat(Receipts.seq("ewbench seq=x put 1")).isEqualTo(-1);
    assertThat(Receipts.seq(null)).isEqualTo(-1);
  }
}
