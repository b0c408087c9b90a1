package io.zeroapi.internal;

/** Where the reply to one request goes. Transports bind it to a connection and a request id. */
@FunctionalInterface
public interface ReplySink {
  /**
   * Sends the reply. {@code error} is true when the payload is a {@code __zerror__} map (the raw TCP
   * transport sets its error flag from it). Must not block; may be called from any thread.
   */
  void reply(byte[] payload, boolean error);
}
