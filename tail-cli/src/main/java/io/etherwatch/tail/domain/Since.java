package io.etherwatch.tail.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code --since} value: a duration back from now ({@code 30s}, {@code 10m}, {@code 2h}, {@code
 * 1d}, {@code 1w}, or several: {@code 1h30m}), an ISO-8601 instant ({@code 2026-12-07T10:00:00Z},
 * with an offset, or without one read as UTC; a bare date is its midnight UTC), epoch milliseconds,
 * or {@code now} (live only, nothing from before).
 */
public final class Since {
  private static final Pattern PART = Pattern.compile("(\\d+)([smhdw])");
  private static final Pattern DURATION = Pattern.compile("(\\d+[smhdw])+");

  private Since() {}

  /**
   * The start in epoch ms, or empty for {@code now}; {@link IllegalArgumentException} with a
   * message that says the accepted forms.
   */
  public static OptionalLong parse(String text, Instant now) {
    String value = text.trim();
    if (value.equalsIgnoreCase("now")) {
      return OptionalLong.empty();
    }
    if (DURATION.matcher(value).matches()) {
      Duration back = Duration.ZERO;
      Matcher part = PART.matcher(value);
      while (part.find()) {
        long n = Long.parseLong(part.group(1));
        back =
            back.plus(
                switch (part.group(2)) {
                  case "s" -> Duration.ofSeconds(n);
                  case "m" -> Duration.ofMinutes(n);
                  case "h" -> Duration.ofHours(n);
                  case "d" -> Duration.ofDays(n);
                  default -> Duration.ofDays(7 * n);
                });
      }
      return OptionalLong.of(Math.max(0, now.minus(back).toEpochMilli()));
    }
    if (value.matches("\\d{10,}")) {
      return OptionalLong.of(Long.parseLong(value));
    }
    try {
      return OptionalLong.of(OffsetDateTime.parse(value).toInstant().toEpochMilli());
    } catch (DateTimeParseException notOffset) {
      // next form
    }
    try {
      return OptionalLong.of(LocalDateTime.parse(value).toInstant(ZoneOffset.UTC).toEpochMilli());
    } catch (DateTimeParseException notLocal) {
      // next form
    }
    try {
      return OptionalLong.of(
          LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli());
    } catch (DateTimeParseException notDate) {
      throw new IllegalArgumentException(
          "--since "
              + value
              + ": expected a duration back from now (30s, 10m, 2h, 1d, 1w, 1h30m), an ISO-8601"
              + " time (2026-12-07T10:00:00Z), epoch milliseconds, or now");
    }
  }
}
