package io.etherwatch.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.etherwatch.ingest.domain.EventKey;
import io.etherwatch.ingest.domain.EventPage;
import io.etherwatch.ingest.domain.FetchedEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
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

  /** FilterLogEvents over {@code events} (timestamp order): pages of 10 from {@code from} on. */
  private static LateSweep.PageSource pagesOf(List<FetchedEvent> events) {
    return (from, token) -> {
      List<FetchedEvent> range = events.stream().filter(e -> e.timestamp() >= from).toList();
      int start = token == null ? 0 : Integer.parseInt(token);
      int end = Math.min(range.size(), start + 10);
      return new EventPage(
          range.subList(start, end), end < range.size() ? String.valueOf(end) : null);
    };
  }

  @Test
  void aSweepWithMoreArrivalsThanItsBoundHoldsAtMostTheBoundAndAPageAndMissesNothing()
      throws InterruptedException {
    // An outage's worth of arrivals: 1,000 events, all ingested after the watermark.
    List<FetchedEvent> arrivals =
        IntStream.range(0, 1_000).mapToObj(i -> event("e" + i, 100 + i, 20_000)).toList();
    Set<String> seen = new HashSet<>();
    List<Integer> held = new ArrayList<>();
    long from = 0;
    int steps = 0;
    while (true) {
      LateSweep.Step step = LateSweep.read(pagesOf(arrivals), from, WATERMARK, 25);
      steps++;
      held.add(step.candidates().size());
      step.candidates().forEach(e -> seen.add(e.eventId()));
      if (step.resumeFrom() < 0) {
        break;
      }
      assertThat(step.resumeFrom()).as("each step moves on").isGreaterThan(from);
      from = step.resumeFrom();
    }
    assertThat(held).as("events held per step").allSatisfy(n -> assertThat(n).isLessThan(25 + 10));
    assertThat(steps).isGreaterThan(1);
    assertThat(seen).as("every arrival read by some step").hasSize(1_000);
  }

  @Test
  void aStepNeverResumesWhereItBegan() throws InterruptedException {
    // 30 events of one millisecond fill three pages: resuming at that millisecond would loop.
    List<FetchedEvent> sameMillisecond =
        IntStream.range(0, 30).mapToObj(i -> event("e" + i, 500, 20_000)).toList();
    LateSweep.Step step = LateSweep.read(pagesOf(sameMillisecond), 500, WATERMARK, 5);
    assertThat(step.resumeFrom()).isEqualTo(-1);
    assertThat(step.candidates()).hasSize(30);
  }
}
