package io.zeroapi.internal;

import io.zeroapi.Metadata;
import io.zeroapi.ServerCall;
import java.time.Duration;
import java.util.Optional;

/**
 * One request as a server transport hands it to the {@link RequestHandler}: the function's name,
 * the MessagePack bytes of its argument, and where the reply goes. A transport subclasses it with
 * what it needs to answer (a connection and a request id, a peer identity and a frame), so that a
 * request costs one object: once handed to the {@link Dispatcher} it is also the task that runs on
 * a worker thread. A transport sets the name and argument either before handing the call over or,
 * when they must be parsed out of the request (the raw TCP envelope), in {@link #read()}, which the
 * dispatcher calls first on the worker thread.
 */
public abstract class IncomingCall implements Runnable, ServerCall {
  private final long receivedNanos = System.nanoTime();
  private String function;
  private byte[] data;
  private int argumentOffset;
  private int argumentLength;
  private byte[] headerData;
  private int headerOffset;
  private int headerLength;
  private Metadata metadata = Metadata.empty();
  private long timeoutMillis;
  private Dispatcher dispatcher;
  private boolean onIoThread;

  protected IncomingCall() {}

  /**
   * Sets what the call asks for, before it is handed over: the function's name and its argument,
   * the {@code length} bytes of {@code data} at {@code offset} ({@code length == 0}: no argument,
   * decoded like nil).
   */
  protected final void request(String function, byte[] data, int offset, int length) {
    this.function = function;
    this.data = data;
    this.argumentOffset = offset;
    this.argumentLength = length;
  }

  /**
   * Sets the call's {@link CallHeader} bytes (the Java client's deadline and metadata, which the
   * original never sends): the {@code length} bytes of {@code data} at {@code offset}. The
   * dispatcher reads them before the call runs.
   */
  protected final void header(byte[] data, int offset, int length) {
    this.headerData = data;
    this.headerOffset = offset;
    this.headerLength = length;
  }

  /**
   * Reads the call's header, if it has one.
   *
   * @throws io.zeroapi.ProtocolException if the header is malformed
   */
  final void readHeader() {
    if (headerData != null) {
      CallHeader header = CallHeader.parse(headerData, headerOffset, headerLength);
      headerData = null;
      metadata = header.metadata();
      timeoutMillis = header.timeoutMillis();
    }
  }

  /** The caller's wait in milliseconds when it sent the call, as its header said; 0: none. */
  final long timeoutMillis() {
    return timeoutMillis;
  }

  /** The {@link System#nanoTime()} by which the caller stops waiting (with {@link #timeoutMillis()} > 0). */
  final long deadlineNanos() {
    return receivedNanos + timeoutMillis * 1_000_000;
  }

  @Override
  public final Metadata metadata() {
    return metadata;
  }

  @Override
  public final Optional<Duration> timeRemaining() {
    return timeoutMillis > 0 ? Optional.of(Duration.ofNanos(deadlineNanos() - System.nanoTime())) : Optional.empty();
  }

  /**
   * Parses the request when the transport has not yet set its name and argument (then it calls
   * {@link #request}). Runs on the worker thread, before {@link #function()} is used; does nothing
   * by default.
   *
   * @throws io.zeroapi.ProtocolException if the request is malformed (the dispatcher answers with
   *     its message)
   */
  protected void read() {}

  /** The function's name. */
  @Override
  public final String function() {
    return function;
  }

  /**
   * Sends the reply; {@code error} is true when the payload is a {@code __zerror__} map (the raw
   * TCP transport sets its error flag from it). Called exactly once per call, from any thread; must
   * not block.
   */
  public abstract void reply(byte[] payload, boolean error);

  /**
   * A copy of the argument's bytes (empty when there is none), once the name and argument are
   * set: for handlers that do not go through the {@link Dispatcher}, such as transport tests.
   */
  public final byte[] argument() {
    return data == null ? new byte[0] : java.util.Arrays.copyOfRange(data, argumentOffset, argumentOffset + argumentLength);
  }

  /** The bytes the argument lies in (for a transport's {@link #read()}); null once released. */
  protected final byte[] data() {
    return data;
  }

  final int argumentOffset() {
    return argumentOffset;
  }

  final int argumentLength() {
    return argumentLength;
  }

  /** Drops the reference to the request's bytes once the argument is decoded. */
  final void releaseData() {
    data = null;
  }

  /**
   * The transport's I/O thread that read this call, as an executor, if calls may run on it (see
   * {@link CallThreads}); {@code null} (the default) keeps the call off I/O threads.
   */
  protected java.util.concurrent.Executor ioThread() {
    return null;
  }

  /** Whether the call's thread is scheduled on an I/O thread (set by {@link CallThreads}). */
  final boolean onIoThread() {
    return onIoThread;
  }

  final void onIoThread(boolean value) {
    onIoThread = value;
  }

  /** Binds the call to the dispatcher that will {@link #run()} it on a worker thread. */
  final void bind(Dispatcher owner) {
    dispatcher = owner;
  }

  /** Runs the call: decodes the argument, calls the function, replies. Worker thread only. */
  @Override
  public final void run() {
    dispatcher.run(this);
  }
}
