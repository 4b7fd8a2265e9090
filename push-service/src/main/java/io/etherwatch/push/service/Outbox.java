package io.etherwatch.push.service;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The bounded send queue of one client connection. Frames are written one at a time; the next
 * leaves when the transport has taken the previous one, so a client that stops reading fills only
 * its own queue. When the queue is full, event frames are dropped and counted per subscription;
 * once the queue has drained to half, each such subscription gets a GAP ({@code slow_consumer},
 * {@code missed} = events dropped) before its next events. A queue that stays full longer than the
 * configured time closes the connection with 1013.
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
  private final long closeAfterMillis;
  private final ArrayDeque<Item> queue = new ArrayDeque<>();
  private final Map<Subscription, Long> pendingGaps = new LinkedHashMap<>();
  private long bytes;
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
    this.closeAfterMillis = closeAfterMillis;
  }

  /** Queues a control frame (reply, STOPPED, ERROR, GAP): never dropped. */
  public void offer(String frame) {
    lane.execute(() -> offerOnLane(frame));
  }

  private void offerOnLane(String frame) {
    synchronized (this) {
      if (closed) {
        return;
      }
      enqueue(new Item(Frame.text(frame), 0, 0, null));
    }
    pump();
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
      if (bytes + frame.length() > limitBytes && bytes > 0) {
        pendingGaps.merge(sub, (long) events, Long::sum);
        long now = System.currentTimeMillis();
        if (fullSince < 0) {
          fullSince = now;
        }
        tooSlow = now - fullSince > closeAfterMillis;
      } else {
        Long missed = pendingGaps.remove(sub);
        if (missed != null) {
          enqueueGap(sub, missed);
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

  public synchronized long queuedBytes() {
    return bytes;
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

  private void enqueue(Item item) {
    queue.addLast(item);
    bytes += item.frame().length();
  }

  private void enqueueGap(Subscription sub, long missed) {
    enqueue(new Item(Frame.text(Frames.gap(sub.id(), "slow_consumer", missed)), 0, 0, null));
    listener.gap("slow_consumer", missed);
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
        if (!pendingGaps.isEmpty()) {
          pendingGaps.forEach(this::enqueueGap);
          pendingGaps.clear();
        }
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
