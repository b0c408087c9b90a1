package io.zeroapi.internal.tcp;

import io.zeroapi.internal.IncomingCall;
import io.zeroapi.internal.RequestHandler;
import java.util.function.BiConsumer;

/** Request handlers for the raw-TCP tests, which look at whole request payloads, envelopes or not. */
final class EnvelopeHandlers {
  private EnvelopeHandlers() {}

  /** Hands each request's payload (its envelope, unread) and the call to {@code onEnvelope}. */
  static RequestHandler of(BiConsumer<byte[], IncomingCall> onEnvelope) {
    return call -> onEnvelope.accept(((TcpCall) call).envelope(), call);
  }
}
