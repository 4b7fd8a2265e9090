package io.etherwatch.push.delivery;

import io.etherwatch.push.domain.Frame;
import io.etherwatch.push.domain.Frames;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The bounded send queue of one client connection. Frames are written one at a time; the next
 * leaves when the transport has taken the previous one, so a client that stops reading fills only
 * its own queue. Every frame queued counts against the bound, answers and ERRORs as much as events
 * (DESIGN section 6), so the queue never holds more than the bound (a single frame larger than the
 * whole bound goes alone into an empty queue).
 *
 * <p>When the queue is full, event frames are dropped and counted per subscription; once the queue
 * has drained to half, each such subscription gets a GAP ({@code slow_consumer}, {@code missed} =
 * events dropped) before its next events. Events may fill the bound only up to a reserve for
 * answers ({@link #answerReserve}), so a client that reads, but slower than its events come, still
 * gets the replies to what it asks. A queue that stays full longer than the configured time closes
 * the connection with 1013. An answer (reply, STOPPED, ERROR, GAP) is never dropped: one that does
 * not fit closes the connection with 1013 at once, since its client is not reading what it asked
 * for.
 *
 * <p>Everything a queue does runs on its lane, in the order it was asked for: for a WebSocket the
 * connection's event loop, so writes need no hand-over between threads and a reader delivering to
 * thousands of connections hands each event loop one batch ({@link #offerEventsOnLane}).
 */
public final class Outbox {
  /** Where frames go: a WebSocket connection or an SSE response. */
  public interface Transport {
    CompletionStage<Void> send(Frame frame);

    void close(int code, String reason);
  }

  /** What an outbox reports to metrics. */
  public interface Listener {
    void delivered(int events);

    void gap(String reason, long missed);

    /** The connection was closed with 1013: its queue stayed full too long. */
    void closedSlow();
  }

  private record Item(Frame frame, int events, int closeCode, String closeReason) {}

  private final Transport transport;
  private final Listener listener;
  private final Executor lane;
  private final long limitBytes;
  private final long eventLimitBytes;
  private final long closeAfterMillis;
  private final ArrayDeque<Item> queue = new ArrayDeque<>();
  private final Map<Subscription, Long> pendingGaps = new LinkedHashMap<>();
  private long bytes;
  private long peakBytes;
  private boolean sending;
  private boolean closed;
  private long fullSince = -1;

  /** An outbox whose work runs on the calling thread. */
  public Outbox(Transport transport, Listener listener, long limitBytes, long closeAfterMillis) {
    this(transport, listener, limitBytes, closeAfterMillis, Runnable::run);
  }

  public Outbox(
      Transport transport,
      Listener listener,
      long limitBytes,
      long closeAfterMillis,
      Executor lane) {
    this.lane = lane;
    this.transport = transport;
    this.listener = listener;
    this.limitBytes = limitBytes;
    this.eventLimitBytes = limitBytes - answerReserve(limitBytes);
    this.closeAfterMillis = closeAfterMillis;
  }

  /**
   * Queues a control frame (reply, STOPPED, ERROR, GAP). It is never dropped: when it does not fit
   * the bound, the connection is closed with 1013 instead.
   */
  public void offer(String frame) {
    lane.execute(() -> offerOnLane(Frame.text(frame)));
  }

  private void offerOnLane(Frame frame) {
    boolean overflow;
    synchronized (this) {
      if (closed) {
        return;
      }
      overflow = !fits(frame.length());
      if (!overflow) {
        enqueue(new Item(frame, 0, 0, null));
      }
    }
    if (overflow) {
      listener.closedSlow();
      closeNow(1013, "slow consumer: answers not read");
      return;
    }
    pump();
  }

  /**
   * Queues {@code frame} only when nothing is waiting or being written (an SSE heartbeat: a stream
   * that is sending needs none, and a stalled one must not grow).
   */
  public void offerWhenIdle(Frame frame) {
    lane.execute(
        () -> {
          synchronized (this) {
            if (closed || sending || !queue.isEmpty()) {
              return;
            }
            enqueue(new Item(frame, 0, 0, null));
          }
          pump();
        });
  }

  /** Queues a LOG_EVENTS frame of {@code sub}, or drops and counts it when the queue is full. */
  public void offerEvents(Subscription sub, Frame frame, int events) {
    lane.execute(() -> offerEventsOnLane(sub, frame, events));
  }

  /** The lane the caller must be on for {@link #offerEventsOnLane}. */
  Executor lane() {
    return lane;
  }

  /** {@link #offerEvents}, called on this outbox's lane (a batch for many outboxes of one lane). */
  void offerEventsOnLane(Subscription sub, Frame frame, int events) {
    if (sub.stopped()) {
      return;
    }
    boolean tooSlow = false;
    synchronized (this) {
      if (closed) {
        return;
      }
      Long missed = pendingGaps.get(sub);
      Frame gap = missed == null ? null : Frame.text(Frames.gap(sub.id(), "slow_consumer", missed));
      if (!fits(frame.length() + (gap == null ? 0 : gap.length()), eventLimitBytes)) {
        pendingGaps.merge(sub, (long) events, Long::sum);
        long now = System.currentTimeMillis();
        if (fullSince < 0) {
          fullSince = now;
        }
        tooSlow = now - fullSince > closeAfterMillis;
      } else {
        if (gap != null) {
          pendingGaps.remove(sub);
          enqueue(new Item(gap, 0, 0, null));
          listener.gap("slow_consumer", missed);
        }
        enqueue(new Item(frame, events, 0, null));
      }
    }
    if (tooSlow) {
      listener.closedSlow();
      closeNow(1013, "slow consumer: send queue full");
      return;
    }
    pump();
  }

  /** Queues a GAP of {@code sub} (never dropped) and counts it. */
  public void offerGap(Subscription sub, String reason, Long missed) {
    offer(Frames.gap(sub.id(), reason, missed));
    listener.gap(reason, missed == null ? 0 : missed);
  }

  /** Drops what waits, sends {@code frame} and then closes with {@code code}. */
  public void finish(String frame, int code, String reason) {
    lane.execute(() -> finishOnLane(frame, code, reason));
  }

  private void finishOnLane(String frame, int code, String reason) {
    synchronized (this) {
      if (closed) {
        return;
      }
      Item inFlight = sending ? queue.peekFirst() : null;
      queue.clear();
      bytes = 0;
      if (inFlight != null) {
        queue.add(inFlight);
        bytes = inFlight.frame().length();
      }
      enqueue(new Item(Frame.text(frame), 0, code, reason));
    }
    pump();
  }

  /** Forgets a stopped subscription's pending GAP. */
  public void forget(Subscription sub) {
    lane.execute(
        () -> {
          synchronized (this) {
            pendingGaps.remove(sub);
          }
        });
  }

  /** Bytes (characters for control frames) waiting or being written now. */
  public synchronized long queuedBytes() {
    return bytes;
  }

  /** The most {@link #queuedBytes} this queue has held. */
  public synchronized long peakBytes() {
    return peakBytes;
  }

  public synchronized boolean closed() {
    return closed;
  }

  /** Marks the outbox closed (the connection is gone); nothing more is sent. */
  public synchronized void markClosed() {
    closed = true;
    queue.clear();
    pendingGaps.clear();
    bytes = 0;
  }

  private void closeNow(int code, String reason) {
    markClosed();
    transport.close(code, reason);
  }

  /** The part of a bound events leave free for answers: an eighth, at most 64 KiB. */
  static long answerReserve(long limitBytes) {
    return Math.min(64 * 1024, limitBytes / 8);
  }

  /** Whether {@code more} bytes may join the queue without passing the bound. */
  private boolean fits(long more) {
    return fits(more, limitBytes);
  }

  private boolean fits(long more, long limit) {
    return bytes == 0 || bytes + more <= limit;
  }

  private void enqueue(Item item) {
    queue.addLast(item);
    bytes += item.frame().length();
    peakBytes = Math.max(peakBytes, bytes);
  }

  /** Queues the pending GAP of {@code sub} if it fits; true if it did. */
  private boolean enqueueGap(Subscription sub, long missed) {
    Frame gap = Frame.text(Frames.gap(sub.id(), "slow_consumer", missed));
    if (!fits(gap.length())) {
      return false;
    }
    enqueue(new Item(gap, 0, 0, null));
    listener.gap("slow_consumer", missed);
    return true;
  }

  private void pump() {
    while (true) {
      Item next;
      synchronized (this) {
        if (sending || closed || queue.isEmpty()) {
          return;
        }
        next = queue.peekFirst();
        sending = true;
      }
      CompletableFuture<Void> sent;
      try {
        sent = transport.send(next.frame()).toCompletableFuture();
      } catch (RuntimeException e) {
        sent = CompletableFuture.failedFuture(e);
      }
      if (!sent.isDone()) {
        sent.whenComplete((ok, failure) -> sent(next, failure, true));
        return;
      }
      Throwable failure = sent.isCompletedExceptionally() ? failureOf(sent) : null;
      sent(next, failure, false);
    }
  }

  private void sent(Item item, Throwable failure, boolean resume) {
    synchronized (this) {
      if (closed) {
        sending = false;
        return;
      }
      if (queue.peekFirst() != item) {
        // Not the frame in flight: a second completion of one already taken off. Counting it
        // again would let the queue's bytes go below zero (seen once in PushMetricsTest).
        return;
      }
      sending = false;
      queue.pollFirst();
      bytes -= item.frame().length();
      if (failure != null) {
        closed = true;
        queue.clear();
        pendingGaps.clear();
        bytes = 0;
        return;
      }
      if (item.closeCode() != 0) {
        closed = true;
      } else if (bytes <= limitBytes / 2) {
        fullSince = -1;
        pendingGaps
            .entrySet()
            .removeIf(pending -> enqueueGap(pending.getKey(), pending.getValue()));
      }
    }
    if (item.events() > 0) {
      listener.delivered(item.events());
    }
    if (item.closeCode() != 0) {
      transport.close(item.closeCode(), item.closeReason());
      return;
    }
    if (resume) {
      pump();
    }
  }

  private static Throwable failureOf(CompletableFuture<Void> future) {
    try {
      future.join();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }
}
