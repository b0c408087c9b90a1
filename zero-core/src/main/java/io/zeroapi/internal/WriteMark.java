package io.zeroapi.internal;

/**
 * Whether a call's request may have left the client: set by the transport just before it hands
 * the request to the connection (TCP: before its bytes are written; ZeroMQ: when the socket takes
 * the message). A call that failed while unset certainly never reached a server, so a client over
 * several endpoints may send it to another one; once set, never (the function may have run).
 * Thread-safe.
 */
public final class WriteMark {
  private volatile boolean written;

  /** The request is being handed to the connection: from now on it may reach the server. */
  public void markWritten() {
    written = true;
  }

  /** Whether the request may have reached the server. */
  public boolean written() {
    return written;
  }
}
