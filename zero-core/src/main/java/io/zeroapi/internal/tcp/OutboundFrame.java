package io.zeroapi.internal.tcp;

/**
 * A frame waiting in a {@link WriteBatcher}: the server's reply or the client's call itself, so that
 * queueing a frame allocates nothing. Its payload is written as two parts one after the other (the
 * client's envelope prefix and the argument's bytes, so that neither is copied into a new array;
 * a reply has no prefix). Its fields must be set before it is queued and not change afterwards.
 */
interface OutboundFrame {
  /** The request id the frame carries. */
  int frameId();

  /** The error flag. */
  boolean frameError();

  /** The first part of the payload, or {@code null} for none. */
  byte[] framePrefix();

  /** The rest of the payload (not copied; must not change once queued). */
  byte[] framePayload();
}
