package io.zeroapi.internal;

/**
 * What a server transport hands every request to (implemented by {@link Dispatcher}). Both methods
 * return at once: decoding, the function and encoding run on the worker executor, never on the
 * transport's I/O thread, and {@code sink} is called exactly once, from any thread.
 */
public interface RequestHandler {

  /** A raw-TCP request: the whole MessagePack envelope {@code {"fn": ..., "data": ...}}. */
  void handleEnvelope(byte[] payload, ReplySink sink);

  /**
   * A raw-TCP request that carries its envelope and answers itself; the {@link Dispatcher} runs it
   * without allocating a task around it.
   */
  default void handleEnvelope(EnvelopeRequest request) {
    handleEnvelope(request.takeEnvelope(), request);
  }

  /**
   * A request whose function name the transport has already read (ZeroMQ). {@code length == 0}
   * means no argument.
   */
  void handle(String function, byte[] payload, int offset, int length, ReplySink sink);
}
