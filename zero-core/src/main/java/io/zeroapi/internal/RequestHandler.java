package io.zeroapi.internal;

/**
 * What a server transport hands every request to (implemented by {@link Dispatcher}): one method,
 * whatever the transport. It returns at once: decoding the argument, the function and encoding the
 * result run on the worker executor, never on the transport's I/O thread, and the call's {@link
 * IncomingCall#reply reply} is sent exactly once, from any thread.
 */
@FunctionalInterface
public interface RequestHandler {
  void handle(IncomingCall call);
}
