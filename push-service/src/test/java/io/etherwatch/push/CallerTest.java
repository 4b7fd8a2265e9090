package io.etherwatch.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.etherwatch.push.domain.Caller;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallerTest {

  @Test
  void lgPatternsAllowExactNamesAndWildcards() {
    Caller caller =
        new Caller("alice", List.of("/var/log/messages", "etherwatch/*", "*-prod-*"), 0);
    assertThat(caller.mayRead("/var/log/messages")).isTrue();
    assertThat(caller.mayRead("/var/log/secure")).isFalse();
    assertThat(caller.mayRead("etherwatch/host1")).isTrue();
    assertThat(caller.mayRead("etherwatchx")).isFalse();
    assertThat(caller.mayRead("app-prod-eu")).isTrue();
    assertThat(caller.mayRead("app-dev-eu")).isFalse();
  }

  @Test
  void noPatternsAllowNothing() {
    assertThat(new Caller("bob", List.of(), 0).mayRead("anything")).isFalse();
    assertThat(new Caller("root", List.of("*"), 0).mayRead("anything")).isTrue();
  }
}
