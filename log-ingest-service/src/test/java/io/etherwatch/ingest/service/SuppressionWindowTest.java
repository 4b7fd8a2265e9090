package io.etherwatch.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SuppressionWindowTest {

  @Test
  void remembersIdsUntilTheyFallBelowTheWindow() {
    SuppressionWindow window = new SuppressionWindow();
    window.addAll(Map.of("a", 100L, "b", 200L, "c", 300L));
    window.pruneBelow(200);
    assertThat(window.contains("a")).isFalse();
    assertThat(window.contains("b")).isTrue();
    assertThat(window.contains("c")).isTrue();
    assertThat(window.size()).isEqualTo(2);
  }

  @Test
  void addingAnIdTwiceKeepsOneEntry() {
    SuppressionWindow window = new SuppressionWindow();
    window.add("a", 100);
    window.add("a", 100);
    window.pruneBelow(101);
    assertThat(window.size()).isZero();
  }
}
