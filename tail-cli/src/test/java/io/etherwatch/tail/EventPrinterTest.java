package io.etherwatch.tail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.tail.output.EventPrinter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventPrinterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EVENT =
      "{\"eventId\":\"e1\",\"logGroupName\":\"g\",\"logStreamName\":\"ssh-in\","
          + "\"timestamp\":1795788000000,\"ingestionTime\":1795788000412,\"message\":\"ssh-in bytes=5120\\n\"}";

  @Test
  void plainLineIsTimestampStreamMessage() throws Exception {
    assertThat(EventPrinter.line(JSON.readTree(EVENT), false))
        .isEqualTo("2026-11-27T14:00:00.000Z ssh-in ssh-in bytes=5120");
  }

  @Test
  void colourWrapsOnlyTheStreamName() throws Exception {
    String line = EventPrinter.line(JSON.readTree(EVENT), true);
    assertThat(line)
        .startsWith("2026-11-27T14:00:00.000Z \u001b[")
        .endsWith("\u001b[0m ssh-in bytes=5120");
    assertThat(line.replaceAll("\u001b\\[[0-9;]*m", ""))
        .isEqualTo("2026-11-27T14:00:00.000Z ssh-in ssh-in bytes=5120");
  }

  @Test
  void jsonIsTheEventAsReceivedOnOneLine() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    EventPrinter printer =
        new EventPrinter(new PrintStream(bytes, false, StandardCharsets.UTF_8), JSON, true, false);
    printer.print(JSON.readTree(EVENT));
    printer.flush();
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).isEqualTo(EVENT + System.lineSeparator());
    assertThat(printer.printed()).isEqualTo(1);
  }
}
