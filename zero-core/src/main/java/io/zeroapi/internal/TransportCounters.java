package io.zeroapi.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a server transport counts for {@link io.zeroapi.ServerStats}: bytes each way and connections
 * refused at the cap. {@link LongAdder}s, as the I/O threads and the worker threads add to them at
 * once; an add costs a few nanoseconds and reading happens only when a metrics library asks.
 * Connections open are the transport's own figure ({@link #connectionsOpen}).
 */
public final class TransportCounters {
  private final LongAdder bytesReceived = new LongAdder();
  private final LongAdder bytesSent = new LongAdder();
  private final LongAdder connectionsRefused = new LongAdder();
  private final boolean countsConnections;
  private final java.util.function.IntSupplier connectionsOpen;

  /** Counters of a transport that hides its connections (ZeroMQ). */
  public TransportCounters() {
    this(false, () -> 0);
  }

  /** Counters of a transport that knows its connections; {@code connectionsOpen} reads them. */
  public TransportCounters(java.util.function.IntSupplier connectionsOpen) {
    this(true, connectionsOpen);
  }

  private TransportCounters(boolean countsConnections, java.util.function.IntSupplier connectionsOpen) {
    this.countsConnections = countsConnections;
    this.connectionsOpen = connectionsOpen;
  }

  /** Counts the bytes of a request read. */
  public void received(long bytes) {
    bytesReceived.add(bytes);
  }

  /** Counts the bytes of a reply queued. */
  public void sent(long bytes) {
    bytesSent.add(bytes);
  }

  /** Counts a connection refused at the cap. */
  public void refused() {
    connectionsRefused.increment();
  }

  public boolean countsConnections() {
    return countsConnections;
  }

  public long connectionsOpen() {
    return connectionsOpen.getAsInt();
  }

  public long bytesReceived() {
    return bytesReceived.sum();
  }

  public long bytesSent() {
    return bytesSent.sum();
  }

  public long connectionsRefused() {
    return connectionsRefused.sum();
  }
}
