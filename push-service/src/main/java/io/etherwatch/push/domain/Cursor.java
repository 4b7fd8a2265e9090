package io.etherwatch.push.domain;

import io.etherwatch.push.config.PushConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Where a subscription stands, as the opaque, tamper-evident string clients hold (DESIGN section
 * 6): for each partition of its topics, the offset of the next record to deliver. The text is
 * {@code base64url(payload) "." base64url(HMAC-SHA256(key, payload))} with payload {@code
 * v2;topic:partition:offset;...}. The one implementation for WebSocket {@code resume}, LOG_EVENTS
 * {@code cursor}, SSE {@code id:} and {@code Last-Event-ID}.
 *
 * <p>The key is per deployment ({@code etherwatch.push.cursor-key-file} or {@code
 * etherwatch.push.cursor-key}, at least 32 bytes) so that every replica accepts the others'
 * cursors; without one a random key is made at start, and cursors do not survive a restart.
 */
@ApplicationScoped
public class Cursor {
  /** Longest text accepted as a cursor: 20 partitions of long topic names fit easily. */
  public static final int MAX_LENGTH = 8192;

  static final int MIN_KEY_BYTES = 32;
  private static final Logger LOG = Logger.getLogger(Cursor.class);
  private static final String VERSION = "v2";
  private static final String ALGORITHM = "HmacSHA256";
  private static final String NOT_OURS =
      "resume is not a cursor of this service (altered, truncated or signed with another key)";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  @Inject
  public Cursor(PushConfig config) {
    this(key(config.cursorKeyFile(), config.cursorKey()));
  }

  /** A cursor codec signing with {@code key} (at least 32 bytes). */
  public Cursor(byte[] key) {
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "the cursor key must be at least " + MIN_KEY_BYTES + " bytes, got " + key.length);
    }
    this.key = new SecretKeySpec(key, ALGORITHM);
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /** The signed cursor text of {@code positions}. */
  public String encode(Map<TopicPartition, Long> positions) {
    StringBuilder text = new StringBuilder(VERSION);
    for (Map.Entry<TopicPartition, Long> e : sorted(positions).entrySet()) {
      text.append(';')
          .append(e.getKey().topic())
          .append(':')
          .append(e.getKey().partition())
          .append(':')
          .append(e.getValue());
    }
    String payload = B64.encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    return payload + "." + B64.encodeToString(sign(payload));
  }

  /**
   * The positions of a cursor this deployment signed; IllegalArgumentException (its message fit for
   * the client) when it is not one: malformed, too long, altered or signed with another key.
   */
  public Map<TopicPartition, Long> decode(String cursor) {
    String text = cursor.strip();
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("resume is longer than any cursor of this service");
    }
    int dot = text.indexOf('.');
    if (dot <= 0 || dot != text.lastIndexOf('.')) {
      throw new IllegalArgumentException(NOT_OURS);
    }
    String payload = text.substring(0, dot);
    byte[] signature;
    byte[] body;
    try {
      signature = Base64.getUrlDecoder().decode(text.substring(dot + 1));
      body = Base64.getUrlDecoder().decode(payload);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(NOT_OURS);
    }
    if (!MessageDigest.isEqual(signature, sign(payload))) {
      throw new IllegalArgumentException(NOT_OURS);
    }
    return parse(new String(body, StandardCharsets.UTF_8));
  }

  private static Map<TopicPartition, Long> parse(String text) {
    String[] parts = text.split(";");
    if (!VERSION.equals(parts[0])) {
      throw new IllegalArgumentException(NOT_OURS);
    }
    Map<TopicPartition, Long> positions = new TreeMap<>(Cursor::compare);
    for (int i = 1; i < parts.length; i++) {
      String[] fields = parts[i].split(":");
      try {
        if (fields.length != 3 || Long.parseLong(fields[2]) < 0) {
          throw new NumberFormatException();
        }
        positions.put(
            new TopicPartition(fields[0], Integer.parseInt(fields[1])), Long.parseLong(fields[2]));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(NOT_OURS);
      }
    }
    return positions;
  }

  private byte[] sign(String payload) {
    return macs.get().doFinal(payload.getBytes(StandardCharsets.US_ASCII));
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** The configured key (file first, surrounding whitespace removed), else a random one. */
  static byte[] key(Optional<Path> file, Optional<String> value) {
    if (file.isPresent()) {
      try {
        return Files.readString(file.get(), StandardCharsets.UTF_8)
            .strip()
            .getBytes(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot read etherwatch.push.cursor-key-file " + file.get(), e);
      }
    }
    if (value.isPresent() && !value.get().isBlank()) {
      return value.get().strip().getBytes(StandardCharsets.UTF_8);
    }
    LOG.warn(
        "no etherwatch.push.cursor-key-file or etherwatch.push.cursor-key: cursors are signed with"
            + " a random key and will not be accepted after a restart or by other replicas");
    byte[] random = new byte[MIN_KEY_BYTES];
    new SecureRandom().nextBytes(random);
    return random;
  }

  private static Map<TopicPartition, Long> sorted(Map<TopicPartition, Long> positions) {
    Map<TopicPartition, Long> sorted = new TreeMap<>(Cursor::compare);
    sorted.putAll(positions);
    return sorted;
  }

  private static int compare(TopicPartition a, TopicPartition b) {
    int byTopic = a.topic().compareTo(b.topic());
    return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
  }
}
