package io.etherwatch.ingest.budget;

import io.etherwatch.ingest.client.CallBudget.Priority;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket whose waiting callers stand in two lines: {@link Priority#WATCHED} before {@link
 * Priority#REGULAR}, each first come, first served. A token goes only to the head of the first
 * non-empty line and only once the bucket holds it, so the rate and the burst are never exceeded
 * however the callers arrive; a watched read waits at most for the watched reads ahead of it and
 * the next token, never behind regular reads that queued earlier.
 */
public final class TokenBucket {
  private static final double NANOS_PER_SECOND = 1_000_000_000d;

  /** A caller's place in its line ({@link #enqueue}). */
  public static final class Ticket {
    private final Priority priority;
    // Its caller stopped waiting but keeps its place (tryAcquire's timeout); guarded by the bucket.
    private boolean parked;
    // The token came while the ticket was parked: the caller's next tryAcquire has it at once.
    private boolean granted;

    private Ticket(Priority priority) {
      this.priority = priority;
    }
  }

  private final LongSupplier nanoClock;
  private final double capacity;
  private final Deque<Ticket> watched = new ArrayDeque<>();
  private final Deque<Ticket> regular = new ArrayDeque<>();
  private double ratePerSecond;
  private double tokens;
  private long last;

  public TokenBucket(double ratePerSecond, double capacity, LongSupplier nanoClock) {
    if (ratePerSecond <= 0 || capacity < 1) {
      throw new IllegalArgumentException("rate must be > 0 and capacity >= 1");
    }
    this.nanoClock = nanoClock;
    this.capacity = capacity;
    this.ratePerSecond = ratePerSecond;
    this.tokens = capacity;
    this.last = nanoClock.getAsLong();
  }

  /** Puts a caller at the end of its line ({@code WATCHED} or {@code REGULAR}). */
  public synchronized Ticket enqueue(Priority priority) {
    if (priority == Priority.SPARE) {
      throw new IllegalArgumentException("spare calls do not queue: use trySpare");
    }
    Ticket ticket = new Ticket(priority);
    line(priority).addLast(ticket);
    return ticket;
  }

  /**
   * Gives {@code ticket} its token if it is first in line and the bucket holds one (returns 0; the
   * ticket leaves its line), else returns the nanoseconds after which to ask again: the time the
   * tokens of those ahead of it and its own take to refill.
   */
  public synchronized long take(Ticket ticket) {
    refill();
    grantParked();
    if (ticket.granted) {
      return 0;
    }
    int ahead = ahead(ticket);
    if (ahead == 0 && tokens >= 1) {
      tokens -= 1;
      line(ticket.priority).removeFirst();
      notifyAll();
      return 0;
    }
    double missing = ahead + 1 - tokens;
    return Math.max(1, (long) Math.ceil(missing / ratePerSecond * NANOS_PER_SECOND));
  }

  /**
   * Takes {@code ticket} out of its line without a token (its caller gave up); a token already set
   * aside for it goes back into the bucket.
   */
  public synchronized void leave(Ticket ticket) {
    line(ticket.priority).remove(ticket);
    ticket.parked = false;
    if (ticket.granted) {
      ticket.granted = false;
      tokens = Math.min(capacity, tokens + 1);
    }
    notifyAll();
  }

  /**
   * Takes one token only if it is spare: nobody waits and half the burst stays in the bucket (with
   * a burst of 1, only when the bucket is full), so a low-priority call never makes a regular call
   * wait that would not have waited anyway.
   */
  public synchronized boolean trySpare() {
    refill();
    if (!watched.isEmpty()
        || !regular.isEmpty()
        || tokens - 1 < Math.min(capacity / 2, capacity - 1)) {
      return false;
    }
    tokens -= 1;
    return true;
  }

  /** Takes one token, waiting in {@code priority}'s line for it. */
  public void acquire(Priority priority) throws InterruptedException {
    Ticket ticket = enqueue(priority);
    synchronized (this) {
      try {
        for (long wait = take(ticket); wait > 0; wait = take(ticket)) {
          TimeUnit.NANOSECONDS.timedWait(this, wait);
        }
      } catch (InterruptedException e) {
        leave(ticket);
        throw e;
      }
    }
  }

  /**
   * Waits at most {@code timeoutNanos} for {@code ticket}'s token (from {@link #enqueue}); true
   * when the caller has it. On a timeout the ticket stays in its line, parked: it keeps its place,
   * a token that reaches it meanwhile is set aside for it (so the callers behind it are not held
   * up), and the caller asks again with the same ticket. A shard that reads a watched group soon
   * waits for a regular token only until then, without losing its turn (DESIGN section 5, "Watched
   * groups first").
   */
  public boolean tryAcquire(Ticket ticket, long timeoutNanos) throws InterruptedException {
    long deadline = nanoClock.getAsLong() + Math.max(0, timeoutNanos);
    synchronized (this) {
      ticket.parked = false;
      try {
        for (long wait = take(ticket); wait > 0; wait = take(ticket)) {
          long left = deadline - nanoClock.getAsLong();
          if (left <= 0) {
            ticket.parked = true;
            grantParked();
            return false;
          }
          TimeUnit.NANOSECONDS.timedWait(this, Math.min(wait, left));
        }
        ticket.granted = false;
        return true;
      } catch (InterruptedException e) {
        leave(ticket);
        throw e;
      }
    }
  }

  /* Sets tokens aside for parked tickets at the head of the regular line (watched calls first). */
  private void grantParked() {
    while (watched.isEmpty() && !regular.isEmpty() && regular.peekFirst().parked && tokens >= 1) {
      Ticket t = regular.removeFirst();
      t.granted = true;
      tokens -= 1;
      notifyAll();
    }
  }

  /** Changes the refill rate (this replica's share of the deployment's budget). */
  public synchronized void setRate(double ratePerSecond) {
    if (ratePerSecond <= 0) {
      throw new IllegalArgumentException("rate must be > 0");
    }
    refill();
    this.ratePerSecond = ratePerSecond;
    notifyAll();
  }

  public synchronized double rate() {
    return ratePerSecond;
  }

  private Deque<Ticket> line(Priority priority) {
    return priority == Priority.WATCHED ? watched : regular;
  }

  /* How many callers get a token before this one. */
  private int ahead(Ticket ticket) {
    int before = ticket.priority == Priority.WATCHED ? 0 : watched.size();
    for (Ticket t : line(ticket.priority)) {
      if (t == ticket) {
        return before;
      }
      before++;
    }
    throw new IllegalStateException("the ticket is not in line");
  }

  private void refill() {
    long now = nanoClock.getAsLong();
    tokens = Math.min(capacity, tokens + (now - last) / NANOS_PER_SECOND * ratePerSecond);
    last = now;
  }
}
