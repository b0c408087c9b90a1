package io.zeroapi.internal.tcp;

/**
 * Fired by {@link FrameDecoder} down the pipeline right before it closes a connection whose input
 * cannot be trusted (bad length, partial-frame deadline missed), or that speaks ZeroMQ or TLS.
 *
 * @param reason what was wrong, for logs
 * @param zeroMq whether the peer's first bytes were a ZMTP greeting: the peer speaks ZeroMQ, and
 *     the handler after the decoder says so (the decoder logs nothing then)
 * @param tls whether the peer's first bytes were a TLS record (a TLS client's handshake, a TLS
 *     server's alert) on a plaintext connection; the handler after the decoder says so
 */
record BadFrameEvent(String reason, boolean zeroMq, boolean tls) {
  BadFrameEvent(String reason) {
    this(reason, false, false);
  }

  BadFrameEvent(String reason, boolean zeroMq) {
    this(reason, zeroMq, false);
  }
}
