package io.etherwatch.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GroupSelectionTest {

  @Test
  void starAloneSelectsEveryGroup() {
    assertThat(new GroupSelection(List.of("*")).matches("/var/log/messages")).isTrue();
  }

  @Test
  void matchesExactNamesAndPrefixes() {
    GroupSelection selection = new GroupSelection(List.of("etherwatch/*", "/var/log/secure"));
    assertThat(selection.matches("etherwatch/host-1")).isTrue();
    assertThat(selection.matches("/var/log/secure")).isTrue();
    assertThat(selection.matches("/var/log/secure.1")).isFalse();
    assertThat(selection.matches("other/etherwatch/x")).isFalse();
  }
}
