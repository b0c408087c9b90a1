package io.zeroapi.internal.tcp;

/**
 * Fired by {@link FrameDecoder} down the pipeline right before it closes a connection whose input
 * cannot be trusted (bad length, partial-frame deadline missed), or that speaks ZeroMQ.
 *
 * @param reason what was wrong, for logs
 * @param zeroMq whether the peer's first bytes were a ZMTP greeting: the peer speaks ZeroMQ, and
 *     the handler after the decoder says so (the decoder logs nothing then)
 */
record BadFrameEvent(String reason, boolean zeroMq) {
  BadFrameEvent(String reason) {
    this(reason, false);
  }
}
