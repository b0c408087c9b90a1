package io.zeroapi;

/**
 * A live, read-only view of what a {@link ZeroServer} and its transport have done since it started:
 * connections, bytes, calls refused. Each getter reads a counter the server keeps anyway (a few
 * nanoseconds per call to keep); nothing is computed until a getter is called. Meant for metrics
 * libraries (the optional {@code zero-micrometer} module binds these as Micrometer meters) and for
 * health pages.
 *
 * <p>Before {@link ZeroServer#start()} every figure is 0; after {@link ZeroServer#close()} the
 * figures stay as they were at the end.
 *
 * <p>Thread safety: safe from any thread; each figure is read on its own (the figures are not a
 * snapshot taken at one instant).
 */
public interface ServerStats {
  /**
   * Whether the transport tells its connections: true on raw TCP; false on ZeroMQ, which hides
   * connections from the socket that serves them ({@link #connectionsOpen()} and {@link
   * #connectionsRefused()} stay 0 there).
   *
   * @return whether it does
   */
  boolean countsConnections();

  /**
   * Connections open now (raw TCP).
   *
   * @return the count
   */
  long connectionsOpen();

  /**
   * Connections closed as soon as they were accepted because {@code maxConnections} were open
   * (raw TCP), since start.
   *
   * @return the count
   */
  long connectionsRefused();

  /**
   * Bytes of the requests read since start: whole frames as the transport reads them (raw TCP:
   * length field, id, flag and envelope; ZeroMQ: the message's frames after the peer identity),
   * without TLS, CURVE or ZeroMQ framing overhead.
   *
   * @return the count
   */
  long bytesReceived();

  /**
   * Bytes of the replies queued for sending since start, counted as {@link #bytesReceived()}.
   *
   * @return the count
   */
  long bytesSent();

  /**
   * Calls running now: from when the server took the request until its reply was handed to the
   * transport (async functions until their stage completes).
   *
   * @return the count
   */
  long callsInFlight();

  /**
   * Calls answered at once with "server busy" because {@code maxConcurrentCalls} calls were
   * running, since start. These never reach the interceptors.
   *
   * @return the count
   */
  long callsRefusedBusy();

  /**
   * Calls dropped before they ran because the caller's deadline had passed (Java clients send it),
   * since start. These never reach the interceptors.
   *
   * @return the count
   */
  long callsExpired();
}
