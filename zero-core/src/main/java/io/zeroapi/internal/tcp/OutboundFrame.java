package io.zeroapi.internal.tcp;

/**
 * A frame waiting in a {@link WriteBatcher}: the server's reply sink or the client's call itself,
 * so that queueing a frame allocates nothing. Its fields must be set before it is queued and not
 * change afterwards.
 */
interface OutboundFrame {
  /** The request id the frame carries. */
  int frameId();

  /** The error flag. */
  boolean frameError();

  /** The MessagePack payload (not copied; must not change once queued). */
  byte[] framePayload();
}
