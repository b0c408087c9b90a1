package io.zeroapi.internal;

import java.util.concurrent.CompletableFuture;

/**
 * The calling side of a transport: moves bytes, knows nothing of values. Sends requests and
 * matches replies to them. Thread-safe; owns its I/O threads and connections, which it opens
 * lazily on the first call.
 */
public interface ClientTransport extends AutoCloseable {

  /**
   * Sends one call: {@code function} with {@code argument}, the MessagePack bytes of the argument
   * ({@code null}: none, which the transport writes as the original does: nil in a TCP envelope, no
   * bytes in a ZeroMQ frame). The future completes with the raw reply, or fails with a {@link
   * io.zeroapi.ZeroException}: {@link io.zeroapi.CallTimeoutException} ({@link
   * Deadline#timedOut}) when no reply came before {@code deadline}, {@link
   * io.zeroapi.ConnectionException} when the server cannot be reached, the connection is lost or
   * the client is closed, {@link io.zeroapi.ValidationException} when the call cannot be framed
   * (a function name too long for the transport). A late reply is dropped, never given to another
   * call. Futures may complete on the transport's I/O thread.
   */
  CompletableFuture<Reply> call(String function, byte[] argument, Deadline deadline);

  /**
   * As {@link #call(String, byte[], Deadline)}, and sets {@code mark} when the request may leave
   * the client ({@link WriteMark}). The default sets it at once, so that nothing is ever retried
   * through a transport that cannot tell.
   */
  default CompletableFuture<Reply> call(String function, byte[] argument, Deadline deadline, WriteMark mark) {
    mark.markWritten();
    return call(function, argument, deadline);
  }

  /**
   * As {@link #call(String, byte[], Deadline, WriteMark)}, with the call's {@link CallHeader}
   * bytes ({@code null}: none), which the transport carries beside the request as the Java server
   * reads it (docs/metadata.md). Only send a header to a server that said it reads them ({@link
   * HeaderNegotiation}): a Python server would drop a ZeroMQ request that carries one.
   *
   * @param mark set when the request may leave the client; {@code null} when nobody asks
   */
  default CompletableFuture<Reply> call(String function, byte[] argument, byte[] header, Deadline deadline,
      WriteMark mark) {
    if (header != null) {
      throw new IllegalStateException(getClass().getSimpleName() + " cannot carry call headers");
    }
    return mark == null ? call(function, argument, deadline) : call(function, argument, deadline, mark);
  }

  // --- outbound buffer bound (OutboundLimit) ---------------------------------------------------

  /**
   * For a blocking caller whose call failed with {@link io.zeroapi.OutboundBufferFullException}: a
   * future that completes when bytes have left the outbound buffer (try again then), or {@code
   * null} when this transport cannot say (the caller gets the exception). Get it before trying
   * again, and wait on it only if that try is refused too: a wake between the two is not lost.
   */
  default CompletableFuture<Void> outboundRoom() {
    return null;
  }

  /** Bytes of requests accepted but not yet written to the network, over all connections (for tests). */
  default long outboundBytes() {
    return 0;
  }

  /** Fails every call in flight with a {@link io.zeroapi.ConnectionException} and closes. Idempotent. */
  @Override
  void close();
}
