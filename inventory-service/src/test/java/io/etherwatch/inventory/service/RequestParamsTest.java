package io.etherwatch.inventory.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etherwatch.common.rest.ApiException;
import io.etherwatch.inventory.domain.Dimension;
import io.etherwatch.inventory.domain.Statistic;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestParamsTest {

  @Test
  void readsIsoInstantsAndEpochMilliseconds() {
    assertThat(RequestParams.instant("start", "2026-11-27T10:00:00Z"))
        .isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
    assertThat(RequestParams.instant("start", "1764237600000"))
        .isEqualTo(Instant.ofEpochMilli(1764237600000L));
    assertThat(RequestParams.instant("start", " ")).isNull();
  }

  @Test
  void refusesATimeItCannotRead() {
    assertThatThrownBy(() -> RequestParams.instant("end", "27/11/2026"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("end '27/11/2026' is not a time");
  }

  @Test
  void readsAWholeNumberOrNothingAndRefusesOtherText() {
    assertThat(RequestParams.integer("limit", " 25 ", "a number")).isEqualTo(25);
    assertThat(RequestParams.integer("limit", "", "a number")).isNull();
    assertThat(RequestParams.integer("limit", null, "a number")).isNull();
    assertThatThrownBy(() -> RequestParams.integer("period", "1h", "a number of seconds"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("period '1h' is not a number of seconds");
  }

  @Test
  void readsDimensionsWhoseValueHoldsEquals() {
    assertThat(RequestParams.dimensions(List.of("Host=web-1", "Tag=a=b")))
        .containsExactly(new Dimension("Host", "web-1"), new Dimension("Tag", "a=b"));
  }

  @Test
  void refusesMalformedDimensions() {
    for (String bad : List.of("Host", "=web-1", "Host=", "")) {
      assertThatThrownBy(() -> RequestParams.dimensions(List.of(bad)))
          .hasMessageContaining("malformed dimension '" + bad + "'");
    }
  }

  @Test
  void refusesMoreThan30Dimensions() {
    assertThatThrownBy(() -> RequestParams.dimensions(Collections.nCopies(31, "A=b")))
        .hasMessageContaining("at most 30");
  }

  @Test
  void readsStatisticsCommaSeparatedOrRepeatedAnyCase() {
    assertThat(RequestParams.statistics(List.of("average,Maximum", "sampleCount")))
        .containsExactlyInAnyOrder(Statistic.AVERAGE, Statistic.MAXIMUM, Statistic.SAMPLE_COUNT);
    assertThat(RequestParams.statistics(null)).isEmpty();
  }

  @Test
  void refusesAnUnknownStatisticNamingTheKnownOnes() {
    assertThatThrownBy(() -> RequestParams.statistics(List.of("p99")))
        .hasMessage("unknown statistic 'p99': use Average, Sum, Minimum, Maximum, SampleCount");
  }
}
