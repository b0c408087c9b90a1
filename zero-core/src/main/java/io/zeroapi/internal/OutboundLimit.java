package io.zeroapi.internal;

import io.zeroapi.OutboundBufferFullException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bound on a client connection's outbound buffer: the bytes of requests accepted but not yet
 * written to the network. A call is taken while fewer than {@link #maxBytes()} wait (so a buffer
 * holds at most the limit plus the frames of the calls taken at the same moment: one each); beyond
 * it the transport fails the call at once, unsent, with {@link OutboundBufferFullException}, and a
 * blocking caller waits on {@link #room()} before it tries again. Never blocks itself: the I/O side
 * only completes a future. Thread-safe.
 */
public final class OutboundLimit {
  /** The default limit per connection: 8 MiB. */
  public static final long DEFAULT_MAX_OUTBOUND_BYTES = 8L * 1024 * 1024;

  private final long maxBytes;
  /** Completed (and cleared) when bytes have left the buffer; null while nobody waits. */
  private final AtomicReference<CompletableFuture<Void>> room = new AtomicReference<>();

  public OutboundLimit(long maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxOutboundBytes must be at least 1: " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  /** The limit in bytes. */
  public long maxBytes() {
    return maxBytes;
  }

  /** Half the limit: where a transport with hysteresis (Netty's write-buffer water mark) says there is room again. */
  public long lowMark() {
    return Math.max(1, maxBytes / 2);
  }

  /** Whether a call is refused with {@code queuedBytes} waiting. */
  public boolean refuses(long queuedBytes) {
    return queuedBytes >= maxBytes;
  }

  /** The exception of a call refused with {@code queuedBytes} waiting in {@code where}. */
  public OutboundBufferFullException refusal(String function, long queuedBytes, String where) {
    return new OutboundBufferFullException("Call to `" + function + "` not sent: " + queuedBytes + " bytes of earlier "
        + "requests wait to be written " + where + ", at or over the limit of " + maxBytes
        + " bytes (maxOutboundBytes); the server reads more slowly than it is sent to");
  }

  /**
   * A future that completes the next time bytes leave the buffer with room to spare (or the
   * connection goes away). Register before trying again, then wait: a wake between the two is not lost.
   */
  public CompletableFuture<Void> room() {
    while (true) {
      CompletableFuture<Void> existing = room.get();
      if (existing != null) {
        return existing;
      }
      CompletableFuture<Void> created = new CompletableFuture<>();
      if (room.compareAndSet(null, created)) {
        return created;
      }
    }
  }

  /** Whether a caller waits for room (a volatile read: cheap enough for every drain). */
  public boolean waiting() {
    return room.get() != null;
  }

  /** Bytes left the buffer and {@code queuedBytes} wait now: wakes the waiters if a call would be taken. */
  public void drained(long queuedBytes) {
    if (!refuses(queuedBytes)) {
      wake();
    }
  }

  /** Wakes the waiters (they try again, and wait again if there is still no room). */
  public void wake() {
    CompletableFuture<Void> waiters = room.getAndSet(null);
    if (waiters != null) {
      waiters.complete(null);
    }
  }
}
