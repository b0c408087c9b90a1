package io.zeroapi.internal;

/**
 * A raw-TCP request that is its own reply sink and, once handed to the {@link Dispatcher}, its own
 * worker task, so that dispatching a call allocates no wrapper around it. Transports subclass it;
 * {@link RequestHandler#handleEnvelope(EnvelopeRequest)} takes it.
 */
public abstract class EnvelopeRequest implements ReplySink, Runnable {
  private byte[] envelope;
  private Dispatcher dispatcher;

  /** @param envelope the request's MessagePack envelope {@code {"fn": ..., "data": ...}} */
  protected EnvelopeRequest(byte[] envelope) {
    this.envelope = envelope;
  }

  /** The envelope, handed over once: the request keeps no reference to it afterwards. */
  final byte[] takeEnvelope() {
    byte[] taken = envelope;
    envelope = null;
    return taken;
  }

  /** Binds the request to the dispatcher that will {@link #run()} it on a worker thread. */
  final void bind(Dispatcher owner) {
    dispatcher = owner;
  }

  /** Runs the call: decodes, calls the function, replies. Worker thread only. */
  @Override
  public final void run() {
    dispatcher.runEnvelope(takeEnvelope(), this);
  }
}
