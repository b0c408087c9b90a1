package io.zeroapi.internal.tcp;

import io.zeroapi.internal.IncomingCall;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request of a server connection: its envelope, read into the function name and argument on
 * the worker thread (not on the event loop: skipping a large argument costs time in proportion to
 * its size), and its reply, queued as one frame with the request's id.
 */
final class TcpCall extends IncomingCall implements OutboundFrame, TcpEnvelope.Target {
  private static final Logger log = LoggerFactory.getLogger(TcpCall.class);
  private static final VarHandle REPLIED;

  static {
    try {
      REPLIED = MethodHandles.lookup().findVarHandle(TcpCall.class, "replied", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ServerConnectionHandler connection;
  private final int requestId;
  @SuppressWarnings("unused") // through REPLIED
  private volatile boolean replied;
  // the reply's payload, set once before the call is queued for writing (the queue hands it to
  // the event loop)
  private byte[] payload;
  private boolean error;

  TcpCall(ServerConnectionHandler connection, int requestId, byte[] envelope) {
    this.connection = connection;
    this.requestId = requestId;
    request(null, envelope, 0, 0); // named once read()
  }

  /**
   * The event loop of the call's connection, where the call's virtual thread may be scheduled,
   * unless the request is large.
   */
  @Override
  protected java.util.concurrent.Executor ioThread() {
    byte[] envelope = data();
    return envelope != null && envelope.length <= io.zeroapi.internal.CallThreads.MAX_IO_THREAD_REQUEST_BYTES ? connection.eventLoop() : null;
  }

  /** The request's envelope, whole (for handlers that look at the raw bytes). */
  byte[] envelope() {
    return data();
  }

  @Override
  protected void read() {
    connection.envelopes().read(data(), this);
  }

  @Override
  public void header(int offset, int length) {
    header(data(), offset, length);
  }

  @Override
  public void found(String function, int argumentOffset, int argumentLength) {
    request(function, data(), argumentOffset, argumentLength);
  }

  @Override
  public void reply(byte[] payload, boolean error) {
    if (!REPLIED.compareAndSet(this, false, true)) {
      log.debug("Second reply to request {} ignored", Integer.toUnsignedString(requestId));
      return;
    }
    this.payload = payload;
    this.error = error;
    connection.replied(this);
  }

  @Override
  public int frameId() {
    return requestId;
  }

  @Override
  public boolean frameError() {
    return error;
  }

  @Override
  public byte[] framePrefix() {
    return null;
  }

  @Override
  public byte[] framePayload() {
    return payload;
  }
}
