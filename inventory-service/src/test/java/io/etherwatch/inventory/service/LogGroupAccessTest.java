package io.etherwatch.inventory.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogGroupAccessTest {

  @Test
  void aStarMatchesAnyRunIncludingSlashes() {
    LogGroupAccess access = LogGroupAccess.of(List.of("etherwatch/*"));
    assertThat(access.allows("etherwatch/web-1")).isTrue();
    assertThat(access.allows("etherwatch/a/b/c")).isTrue();
    assertThat(access.allows("etherwatch")).isFalse();
    assertThat(access.allows("other/etherwatch/x")).isFalse();
  }

  @Test
  void aPatternWithoutStarMatchesOnlyThatGroup() {
    LogGroupAccess access = LogGroupAccess.of(List.of("/var/log/messages"));
    assertThat(access.allows("/var/log/messages")).isTrue();
    assertThat(access.allows("/var/log/messages2")).isFalse();
  }

  @Test
  void regexCharactersInPatternsAreLiteral() {
    LogGroupAccess access = LogGroupAccess.of(List.of("app.(prod)+*"));
    assertThat(access.allows("app.(prod)+eu")).isTrue();
    assertThat(access.allows("appX(prod)+eu")).isFalse();
    assertThat(access.allows("app.prodprod")).isFalse();
  }

  @Test
  void aLoneStarAllowsEverything() {
    assertThat(LogGroupAccess.of(List.of("*")).allows("/any/thing")).isTrue();
  }

  @Test
  void anyOfSeveralPatternsAllows() {
    LogGroupAccess access = LogGroupAccess.of(List.of("a/*", "*/b"));
    assertThat(access.allows("a/x")).isTrue();
    assertThat(access.allows("x/b")).isTrue();
    assertThat(access.allows("x/c")).isFalse();
  }

  @Test
  void noPatternsAllowNothing() {
    assertThat(LogGroupAccess.of(List.of()).allows("a")).isFalse();
    assertThat(LogGroupAccess.of(null).allows("a")).isFalse();
  }

  @Test
  void narrowsTheAwsPrefixToWhatThePatternsShare() {
    LogGroupAccess access = LogGroupAccess.of(List.of("etherwatch/web-*", "etherwatch/db-*"));
    assertThat(access.narrow(null)).contains("etherwatch/");
    assertThat(access.narrow("ether")).contains("etherwatch/");
    assertThat(access.narrow("etherwatch/web-1")).contains("etherwatch/web-1");
    assertThat(access.narrow("/var/log")).isEmpty();
  }

  @Test
  void aLoneStarDoesNotNarrow() {
    assertThat(LogGroupAccess.of(List.of("*")).narrow(null)).contains("");
    assertThat(LogGroupAccess.of(List.of("a/*", "*")).narrow("x")).contains("x");
  }

  @Test
  void noPatternsNeedNoAwsCall() {
    assertThat(LogGroupAccess.of(List.of()).narrow(null)).isEmpty();
  }
}
