package io.etherwatch.push.domain;

import java.nio.charset.StandardCharsets;

/**
 * A server-to-client frame on its way out. Control frames are their JSON text. A LOG_EVENTS frame
 * is three UTF-8 parts: the subscription's own head (type and subscriptionId, up to the events
 * array), the events array and the cursor tail; the last two are shared by every subscriber the
 * same delivery reaches, so a frame for one of ten thousand subscribers costs one copy of its bytes
 * and no text encoding.
 */
public final class Frame {
  private final String text;
  private final byte[] head;
  private final byte[] events;
  private final byte[] tail;
  private final String cursor;
  private final boolean comment;
  private final int length;

  private Frame(
      String text, byte[] head, byte[] events, byte[] tail, String cursor, boolean comment) {
    this.text = text;
    this.comment = comment;
    this.head = head;
    this.events = events;
    this.tail = tail;
    this.cursor = cursor;
    this.length = text != null ? text.length() : head.length + events.length + tail.length;
  }

  /** A control frame (reply, GAP, STOPPED, ERROR, …). */
  public static Frame text(String json) {
    return new Frame(json, null, null, null, null, false);
  }

  /**
   * An SSE comment line ({@code : text}), which clients ignore and proxies count as traffic; on a
   * WebSocket it is never sent.
   */
  public static Frame comment(String text) {
    return new Frame(text, null, null, null, null, true);
  }

  /** A LOG_EVENTS frame from its parts; {@code cursor} is the one {@code tail} holds. */
  public static Frame logEvents(byte[] head, byte[] events, byte[] tail, String cursor) {
    return new Frame(null, head, events, tail, cursor, false);
  }

  /** Its size in bytes (in characters for a control frame), as send queues count it. */
  public int length() {
    return length;
  }

  /** The cursor of a LOG_EVENTS frame; null for the others. */
  public String cursor() {
    return cursor;
  }

  /** The JSON text. */
  public String text() {
    if (text != null) {
      return text;
    }
    return new String(bytes(), StandardCharsets.UTF_8);
  }

  /** The JSON text as UTF-8, a new array each call (the transport may keep it until written). */
  public byte[] bytes() {
    if (text != null) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    byte[] all = new byte[length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(events, 0, all, head.length, events.length);
    System.arraycopy(tail, 0, all, head.length + events.length, tail.length);
    return all;
  }

  /** Whether this is an SSE comment rather than a frame. */
  public boolean isComment() {
    return comment;
  }

  /** Whether this is a LOG_EVENTS frame (made of parts). */
  public boolean isEvents() {
    return text == null;
  }

  @Override
  public String toString() {
    return text();
  }
}
