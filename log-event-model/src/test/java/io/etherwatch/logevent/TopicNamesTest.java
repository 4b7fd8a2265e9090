package io.etherwatch.logevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TopicNamesTest {
  private final TopicNames perGroup = new TopicNames(TopicNames.DEFAULT_PATTERN);

  @Test
  void keepsALegalGroupNameAsItIs() {
    assertThat(perGroup.topic("etherwatch-ManagementServer.ssh"))
        .isEqualTo("logs.etherwatch-ManagementServer.ssh");
  }

  @Test
  void replacesIllegalRunsAndAddsAHashSuffix() {
    String topic = perGroup.topic("/var/log/messages");
    assertThat(topic).matches("logs\\._var_log_messages-[0-9a-f]{8}");
    assertThat(perGroup.topic("/var/log/messages")).isEqualTo(topic);
  }

  @Test
  void groupsThatMapToTheSameLegalNameGetDifferentTopics() {
    assertThat(perGroup.topic("a/b"))
        .isNotEqualTo(perGroup.topic("a#b"))
        .isNotEqualTo(perGroup.topic("a_b"));
    assertThat(perGroup.topic("a_b")).isEqualTo("logs.a_b");
  }

  @Test
  void shortensLongNamesToTheKafkaLimitKeepingThemDistinct() {
    String longA = "g".repeat(300) + "a";
    String longB = "g".repeat(300) + "b";
    assertThat(perGroup.topic(longA))
        .hasSize(TopicNames.MAX_LENGTH)
        .matches("logs\\.g+-[0-9a-f]{8}");
    assertThat(perGroup.topic(longA)).isNotEqualTo(perGroup.topic(longB));
    assertThat(perGroup.topic("g".repeat(244))).hasSize(249).doesNotContain("-");
  }

  @Test
  void mapsAStreamWhenThePatternNamesOne() {
    TopicNames perStream = new TopicNames("logs.{group}.{stream}");
    assertThat(perStream.perStream()).isTrue();
    assertThat(perStream.topic("etherwatch", "ssh-in")).isEqualTo("logs.etherwatch.ssh-in");
    assertThatThrownBy(() -> perStream.topic("etherwatch"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refusesAPatternWithoutTheGroup() {
    assertThatThrownBy(() -> new TopicNames("logs")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void eventJsonStartsWithTheSchema() throws Exception {
    String json =
        new ObjectMapper().writeValueAsString(LogEvent.of("42", "g", "s", 1000L, 1001L, "hello"));
    assertThat(json)
        .isEqualTo(
            "{\"schema\":\"etherwatch.log-event/v1\",\"eventId\":\"42\",\"logGroupName\":\"g\","
                + "\"logStreamName\":\"s\",\"timestamp\":1000,\"ingestionTime\":1001,\"message\":\"hello\"}");
  }
}
