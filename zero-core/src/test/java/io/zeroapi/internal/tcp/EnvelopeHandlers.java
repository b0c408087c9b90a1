package io.zeroapi.internal.tcp;

import io.zeroapi.internal.ReplySink;
import io.zeroapi.internal.RequestHandler;
import java.util.function.BiConsumer;

/** Request handlers for the raw-TCP tests, which only ever see whole envelopes. */
final class EnvelopeHandlers {
  private EnvelopeHandlers() {}

  /** Hands each request envelope to {@code onEnvelope}; the ZeroMQ entry point is not used on TCP. */
  static RequestHandler of(BiConsumer<byte[], ReplySink> onEnvelope) {
    return new RequestHandler() {
      @Override
      public void handleEnvelope(byte[] payload, ReplySink sink) {
        onEnvelope.accept(payload, sink);
      }

      @Override
      public void handle(String function, byte[] payload, int offset, int length, ReplySink sink) {
        throw new UnsupportedOperationException("not on TCP");
      }
    };
  }
}
