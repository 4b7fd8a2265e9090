package io.etherwatch.ingest.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.ingest.domain.CheckpointUpdate;
import io.etherwatch.ingest.domain.FetchedEvent;
import io.etherwatch.ingest.domain.LateEvent;
import io.etherwatch.ingest.domain.LogStreamCheckpoint;
import io.etherwatch.ingest.domain.LogStreamPartition;
import io.etherwatch.logevent.LogEvent;
import io.etherwatch.logevent.TopicNames;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ONE_MIB = 1024 * 1024;
  private final RecordCodec codec =
      new RecordCodec(JSON, TopicNames.DEFAULT_PATTERN, "etherwatch.ingest.checkpoints");

  @Test
  void checkpointKeyBytesAreTheSameForEveryRunAndEveryStream() {
    assertThat(codec.checkpointKey(new LogStreamPartition("/var/log/messages", "i-1/eth0")))
        .isEqualTo("{\"group\":\"/var/log/messages\",\"stream\":\"i-1/eth0\"}");
    for (int i = 0; i < 200; i++) {
      String key = codec.checkpointKey(new LogStreamPartition("g" + i, "s" + i));
      assertThat(key).isEqualTo("{\"group\":\"g" + i + "\",\"stream\":\"s" + i + "\"}");
    }
    assertThat(codec.checkpointKey(LogStreamPartition.groupWide("g")))
        .isEqualTo("{\"group\":\"g\",\"stream\":\"\"}");
  }

  @Test
  void readsKeysWrittenInEitherPropertyOrder() {
    LogStreamPartition p = new LogStreamPartition("g", "s");
    assertThat(codec.key("{\"stream\":\"s\",\"group\":\"g\"}")).isEqualTo(p);
    assertThat(codec.key(codec.checkpointKey(p))).isEqualTo(p);
    assertThat(codec.key("{\"group\":\"g\",\"stream\":\"s\",\"eventId\":\"42\"}"))
        .isEqualTo(new LateEventKey("g", "s", "42"));
  }

  @Test
  void checkpointValueHasAFixedSizeHoweverManyLateEventsItsStreamHas() {
    LogStreamPartition p = new LogStreamPartition("g", "s");
    LogStreamCheckpoint before = LogStreamCheckpoint.initial(1_000).advancedTo(5_000, 5_100);
    Map<String, LateEvent> late = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      late.put("4".repeat(50) + i, new LateEvent(4_000 + i, 5_000 + i));
    }
    LogStreamCheckpoint after = before.withLateEvents(late, 0, 0).withLateWatermark(7_000);

    List<ProducerRecord<String, byte[]>> records =
        codec.checkpoint(new CheckpointUpdate(p, before, after));

    assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"timestamp\":5000,\"ingestionTime\":5100,\"trackingSince\":1000,"
                + "\"lateWatermark\":7000}");
    assertThat(records).hasSize(1 + 20_000);
    assertThat(records)
        .allSatisfy(r -> assertThat(r.key().length() + r.value().length).isLessThan(300));

    LogStreamCheckpoint pruned =
        LogStreamCheckpoint.initial(1_000).withLateEvents(Map.of("new", new LateEvent(9, 9)), 0, 0);
    List<ProducerRecord<String, byte[]>> next =
        codec.checkpoint(new CheckpointUpdate(p, after, pruned));
    assertThat(next.stream().filter(r -> r.value() == null)).hasSize(20_000);
  }

  @Test
  void readsCheckpointsThatEmbedTheirLateEvents() throws Exception {
    CheckpointValue sweepForm =
        codec.checkpointValue(
            ("{\"lateEvents\":{\"42\":{\"ingestionTime\":20,\"timestamp\":10}},\"timestamp\":5000,"
                    + "\"ingestionTime\":5100,\"trackingSince\":1000,\"lateWatermark\":7}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(sweepForm.embedsLateEvents()).isTrue();
    LogStreamCheckpoint c = RecordCodec.checkpoint(sweepForm, Map.of());
    assertThat(c.lateEvents()).containsEntry("42", new LateEvent(10, 20));
    assertThat(c.lateWatermark()).isEqualTo(7);

    CheckpointValue firstForm =
        codec.checkpointValue(
            ("{\"trackingSince\":1000,\"lateEventIds\":{\"43\":11},\"ingestionTime\":5100,"
                    + "\"timestamp\":5000}")
                .getBytes(StandardCharsets.UTF_8));
    LogStreamCheckpoint old = RecordCodec.checkpoint(firstForm, Map.of());
    assertThat(old.lateEvents()).containsEntry("43", new LateEvent(11, Long.MIN_VALUE));
    assertThat(old.lateWatermark()).isEqualTo(Long.MIN_VALUE);
    assertThat(old.timestamp()).isEqualTo(5_000);
  }

  @Test
  void cutsAnEventWhoseEscapedJsonExceedsTheLimitAndMarksIt() throws Exception {
    for (String message :
        List.of(
            "\u0001".repeat(200_000),
            "a".repeat(ONE_MIB),
            "\"\\".repeat(300_000),
            "\uD83D\uDE00".repeat(300_000),
            "é".repeat(600_000))) {
      FetchedEvent e = new FetchedEvent("7", "s", 1, 2, message);
      RecordCodec.EncodedEvent encoded = codec.event("g", e, ONE_MIB);
      assertThat(encoded.truncated()).isTrue();
      ProducerRecord<String, byte[]> r = encoded.record();
      assertThat(r.value().length + RecordCodec.RECORD_OVERHEAD).isLessThanOrEqualTo(ONE_MIB);
      assertThat(r.value().length).isGreaterThan(ONE_MIB / 2);
      assertThat(new String(r.headers().lastHeader(RecordCodec.HEADER_TRUNCATED).value()))
          .isEqualTo(Integer.toString(message.getBytes(StandardCharsets.UTF_8).length));
      LogEvent value = JSON.readValue(r.value(), LogEvent.class);
      assertThat(message).startsWith(value.message());
      assertThat(value.message().length()).isLessThan(message.length());
      assertThat(Character.isHighSurrogate(value.message().charAt(value.message().length() - 1)))
          .isFalse();
    }
  }

  @Test
  void leavesEventsThatFitAloneAndSkipsOnesThatCannotFitAtAll() {
    FetchedEvent small = new FetchedEvent("7", "s", 1, 2, "hello");
    RecordCodec.EncodedEvent encoded = codec.event("g", small, ONE_MIB);
    assertThat(encoded.truncated()).isFalse();
    assertThat(encoded.record().headers().lastHeader(RecordCodec.HEADER_TRUNCATED)).isNull();
    assertThat(codec.event("g", small, 600)).isNull();
  }
}
