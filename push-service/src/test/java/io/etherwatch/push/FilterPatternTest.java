package io.etherwatch.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etherwatch.push.domain.FilterPattern;
import org.junit.jupiter.api.Test;

class FilterPatternTest {

  @Test
  void emptyPatternMatchesEverything() {
    assertThat(FilterPattern.parse(null).matches("anything")).isTrue();
    assertThat(FilterPattern.parse("  ").matches("")).isTrue();
  }

  @Test
  void everyTermMustAppearCaseSensitively() {
    FilterPattern p = FilterPattern.parse("ERROR disk");
    assertThat(p.matches("ERROR: disk full")).isTrue();
    assertThat(p.matches("ERROR: memory")).isFalse();
    assertThat(p.matches("error: disk full")).isFalse();
  }

  @Test
  void minusTermExcludes() {
    FilterPattern p = FilterPattern.parse("ERROR -timeout");
    assertThat(p.matches("ERROR disk")).isTrue();
    assertThat(p.matches("ERROR timeout")).isFalse();
  }

  @Test
  void quotedPhraseIsOneTerm() {
    FilterPattern p = FilterPattern.parse("\"disk full\"");
    assertThat(p.matches("the disk full alarm")).isTrue();
    assertThat(p.matches("full disk")).isFalse();
    FilterPattern excluded = FilterPattern.parse("GET -\"/health\"");
    assertThat(excluded.matches("GET /health 200")).isFalse();
    assertThat(excluded.matches("GET /api 200")).isTrue();
  }

  @Test
  void questionMarkTermsNeedAtLeastOne() {
    FilterPattern p = FilterPattern.parse("?ERROR ?WARN");
    assertThat(p.matches("WARN low disk")).isTrue();
    assertThat(p.matches("ERROR")).isTrue();
    assertThat(p.matches("INFO ok")).isFalse();
  }

  @Test
  void refusesJsonAndSpaceDelimitedPatternsAndOpenQuotes() {
    assertThatThrownBy(() -> FilterPattern.parse("{ $.level = \"ERROR\" }"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FilterPattern.parse("[ip, user, status=404]"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FilterPattern.parse("\"open phrase"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
