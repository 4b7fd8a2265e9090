package io.etherwatch.tail.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes events to stdout: {@code timestamp stream message} (ISO-8601 UTC with milliseconds, the
 * stream name coloured when {@code colour} is on), or with {@code json} each event object as
 * received, one per line. The caller flushes once per frame ({@link #flush()}).
 */
public final class EventPrinter {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  // Bright colours that read on dark and light terminals; red is left to errors.
  private static final int[] COLOURS = {32, 33, 34, 35, 36, 92, 93, 94, 95, 96};
  private static final String RESET = "\u001b[0m";

  private final PrintStream out;
  private final ObjectMapper json;
  private final boolean asJson;
  private final boolean colour;
  private long printed;

  public EventPrinter(PrintStream out, ObjectMapper json, boolean asJson, boolean colour) {
    this.out = out;
    this.json = json;
    this.asJson = asJson;
    this.colour = colour;
  }

  /** One event object of a LOG_EVENTS frame or a history page (DESIGN section 6 shape). */
  public void print(JsonNode event) {
    if (asJson) {
      try {
        out.println(json.writeValueAsString(event));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      out.println(line(event, colour));
    }
    printed++;
  }

  /** The plain line of an event: {@code timestamp stream message}. */
  public static String line(JsonNode event, boolean colour) {
    String stream = event.path("logStreamName").asText();
    String time = TIME.format(Instant.ofEpochMilli(event.path("timestamp").asLong()));
    String message = stripNewline(event.path("message").asText());
    if (!colour) {
      return time + " " + stream + " " + message;
    }
    int code = COLOURS[Math.floorMod(stream.hashCode(), COLOURS.length)];
    return time + " \u001b[" + code + "m" + stream + RESET + " " + message;
  }

  /** Flushes stdout; {@link UncheckedIOException} when stdout is gone (a closed pipe). */
  public void flush() {
    out.flush();
    if (out.checkError()) {
      throw new UncheckedIOException(new IOException("stdout is closed"));
    }
  }

  public long printed() {
    return printed;
  }

  // Agents' lines often end in a newline of their own; one line per event is what a terminal wants.
  private static String stripNewline(String message) {
    int end = message.length();
    while (end > 0 && (message.charAt(end - 1) == '\n' || message.charAt(end - 1) == '\r')) {
      end--;
    }
    return message.substring(0, end);
  }
}
