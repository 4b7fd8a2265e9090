package io.etherwatch.common.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogGroupPatternTest {

  @ParameterizedTest(name = "''{0}'' matches ''{1}'': {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "etherwatch/*|etherwatch/web-1|true",
        "etherwatch/*|etherwatch/a/b/c|true",
        "etherwatch/*|etherwatch/|true",
        "etherwatch/*|etherwatch|false",
        "etherwatch/*|other/etherwatch/x|false",
        "/var/log/messages|/var/log/messages|true",
        "/var/log/messages|/var/log/messages2|false",
        "/var/log/messages|/var/log/message|false",
        "*|/any/thing|true",
        "*|.|true",
        "*-prod-*|app-prod-eu|true",
        "*-prod-*|-prod-|true",
        "*-prod-*|app-dev-eu|false",
        "a*a|a|false",
        "a*a|aa|true",
        "a*b*c|abc|true",
        "a*b*c|acb|false",
        "a**b|ab|true",
        "*.log|x.log|true",
        "*.log|xlog|false",
        "app.(prod)+*|app.(prod)+eu|true",
        "app.(prod)+*|appX(prod)+eu|false",
        "app.(prod)+*|app.prodprod|false",
        "..|..|true",
        "..|ab|false",
        "#/%*|#/%20|true",
      })
  void matchesWholeNamesWithStarsAsAnyRun(String glob, String group, boolean matches) {
    assertThat(LogGroupPattern.of(glob).matches(group)).isEqualTo(matches);
    assertThat(LogGroupPattern.matches(glob, group)).isEqualTo(matches);
  }

  @Test
  void theEmptyPatternMatchesOnlyTheEmptyName() {
    assertThat(LogGroupPattern.matches("", "")).isTrue();
    assertThat(LogGroupPattern.matches("", "a")).isFalse();
  }

  @Test
  void nullsMatchNothing() {
    assertThat(LogGroupPattern.matches(null, "a")).isFalse();
    assertThat(LogGroupPattern.of("*").matches(null)).isFalse();
    assertThatThrownBy(() -> LogGroupPattern.of(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void manyStarsStayFastOnALongName() {
    String glob = "*a".repeat(50) + "*b";
    String group = "a".repeat(512);
    assertThat(LogGroupPattern.matches(glob, group)).isFalse();
  }

  @Test
  void theLiteralPrefixIsTheTextBeforeTheFirstStar() {
    assertThat(LogGroupPattern.of("etherwatch/web-*").literalPrefix()).isEqualTo("etherwatch/web-");
    assertThat(LogGroupPattern.of("/var/log/messages").literalPrefix())
        .isEqualTo("/var/log/messages");
    assertThat(LogGroupPattern.of("*").literalPrefix()).isEmpty();
  }
}
