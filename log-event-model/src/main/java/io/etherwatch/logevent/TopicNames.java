package io.etherwatch.logevent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Maps a log group (and stream) to a legal Kafka topic name by a pattern such as {@code
 * logs.{group}} (the default) or {@code logs.{group}.{stream}}. Kafka allows {@code [a-zA-Z0-9._-]}
 * and at most 249 characters: every run of other characters becomes one {@code _}, and when that
 * changed anything or the name had to be shortened, a suffix of {@code -} and 8 hex digits of the
 * SHA-256 of the unmapped name keeps distinct groups on distinct topics ({@code /var/log/messages}
 * → {@code logs._var_log_messages-<hash>}). Producers and consumers use this one class so that they
 * always agree.
 */
public final class TopicNames {
  /** The default pattern (DESIGN section 5). */
  public static final String DEFAULT_PATTERN = "logs.{group}";

  static final int MAX_LENGTH = 249;
  private static final Pattern ILLEGAL_RUN = Pattern.compile("[^a-zA-Z0-9._-]+");
  private static final int HASH_CHARS = 8;

  private final String pattern;

  public TopicNames(String pattern) {
    if (pattern == null || !pattern.contains("{group}")) {
      throw new IllegalArgumentException("topic pattern must contain {group}: " + pattern);
    }
    this.pattern = pattern;
  }

  /** Whether topics are per stream ({@code {stream}} in the pattern) rather than per group. */
  public boolean perStream() {
    return pattern.contains("{stream}");
  }

  /**
   * The topic of an event of {@code group} and {@code stream} (the stream matters only with {@code
   * {stream}}).
   */
  public String topic(String group, String stream) {
    String raw = pattern.replace("{group}", group).replace("{stream}", perStream() ? stream : "");
    String legal = ILLEGAL_RUN.matcher(raw).replaceAll("_");
    boolean lossy = !legal.equals(raw) || legal.equals(".") || legal.equals("..");
    if (!lossy && legal.length() <= MAX_LENGTH) {
      return legal;
    }
    String suffix = "-" + hash(raw);
    return legal.substring(0, Math.min(legal.length(), MAX_LENGTH - suffix.length())) + suffix;
  }

  /** The topic of a group when topics are per group. */
  public String topic(String group) {
    if (perStream()) {
      throw new IllegalStateException(
          "pattern " + pattern + " makes one topic per stream: name the stream");
    }
    return topic(group, "");
  }

  private static String hash(String raw) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
