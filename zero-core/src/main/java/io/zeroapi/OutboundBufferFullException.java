package io.zeroapi;

/**
 * The client refused a call without sending it: the bytes of earlier requests still waiting to be
 * written to the server's connection are over the client's limit (see {@link
 * ZeroClient.Builder#maxOutboundBytes(long)}), because the server, or the network, takes them more
 * slowly than they are sent. The asynchronous client fails such a call at once; the blocking client
 * waits for room (within the call's timeout) and gives this exception only when it cannot wait. The
 * call did not reach the server: it is safe to retry once earlier requests have been written.
 */
public final class OutboundBufferFullException extends ZeroException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with {@code message}.
   *
   * @param message the function refused, the bytes waiting and the limit
   */
  public OutboundBufferFullException(String message) {
    super(message);
  }
}
