package io.etherwatch.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.etherwatch.ingest.domain.EventKey;
import io.etherwatch.ingest.domain.FetchedEvent;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The late sweep's decision: which of the events it read are counted as too late. */
class LateSweepTest {
  private static final long WATERMARK = 10_000;

  private static FetchedEvent event(String id, long timestamp, long ingestionTime) {
    return new FetchedEvent(id, "s", timestamp, ingestionTime, "m");
  }

  @Test
  void countsAnEventIngestedAfterTheWatermarkThatKafkaDoesNotHave() {
    FetchedEvent late = event("1", 1_000, 12_000);
    assertThat(LateSweep.tooLate(List.of(late), Set.of(), WATERMARK, e -> false))
        .containsExactly(late);
  }

  @Test
  void skipsPublishedEvents() {
    FetchedEvent published = event("1", 1_000, 12_000);
    assertThat(
            LateSweep.tooLate(
                List.of(published), Set.of(EventKey.of(published).value()), WATERMARK, e -> false))
        .isEmpty();
  }

  @Test
  void skipsEventsIngestedBeforeThePreviousLateSweepSoTheyAreCountedOnce() {
    assertThat(
            LateSweep.tooLate(
                List.of(event("1", 1_000, WATERMARK), event("2", 1_000, WATERMARK - 1)),
                Set.of(),
                WATERMARK,
                e -> false))
        .isEmpty();
  }

  @Test
  void skipsEventsTheLookbackSweepAlreadyCounted() {
    FetchedEvent counted = event("1", 1_000, 12_000);
    FetchedEvent fresh = event("2", 1_000, 12_000);
    assertThat(
            LateSweep.tooLate(
                List.of(counted, fresh), Set.of(), WATERMARK, e -> e.eventId().equals("1")))
        .containsExactly(fresh);
  }

  @Test
  void aRestartedEmulatorsReusedIdIsADifferentEvent() {
    FetchedEvent before = event("0", 1_000, 12_000);
    FetchedEvent reused = event("0", 2_000, 12_500);
    assertThat(
            LateSweep.tooLate(
                List.of(reused), Set.of(EventKey.of(before).value()), WATERMARK, e -> false))
        .containsExactly(reused);
  }
}
