package io.zeroapi.internal;

import io.zeroapi.Protocol;
import io.zeroapi.ZeroMqEngine;
import io.zeroapi.codec.Codec;
import io.zeroapi.codec.MsgpackCodec;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * The settings of a server, built once by {@link io.zeroapi.ZeroServer.Builder#build()} and never
 * changed afterwards. Transports read the ones that concern them.
 *
 * @param host the address to bind ({@code 0.0.0.0} for all)
 * @param port the port to bind, 0 for an ephemeral one
 * @param protocol the transport
 * @param codec the payload codec
 * @param executor where functions run, or {@code null} for a virtual thread per call (owned by the
 *     server)
 * @param maxFrameBytes largest request accepted; longer frames are refused before allocation
 * @param maxInFlightPerConnection calls of one connection running at once before the server stops
 *     reading from it (backpressure)
 * @param maxConcurrentCalls calls running at once, all connections together, beyond which a
 *     request is refused with "Server is busy"
 * @param maxConnections open connections beyond which new ones are closed at once (TCP only)
 * @param ioThreads I/O threads (event loops); 0 means one per core
 * @param shutdownGracePeriod how long closing lets calls in flight finish
 * @param curveSecretKey the server's CURVE secret key (Z85, 40 characters) to encrypt the ZeroMQ
 *     transport, or {@code null} for none
 * @param zmqEngine the ZeroMQ implementation to run on (ZeroMQ only)
 * @param tls TLS on the TCP transport, or {@code null} for plaintext (TCP only)
 */
public record ServerSettings(
    String host,
    int port,
    Protocol protocol,
    Codec codec,
    Executor executor,
    int maxFrameBytes,
    int maxInFlightPerConnection,
    int maxConcurrentCalls,
    int maxConnections,
    int ioThreads,
    Duration shutdownGracePeriod,
    String curveSecretKey,
    ZeroMqEngine zmqEngine,
    TlsSettings tls) {

  /** Settings without TLS. */
  public ServerSettings(String host, int port, Protocol protocol, Codec codec, Executor executor, int maxFrameBytes,
      int maxInFlightPerConnection, int maxConcurrentCalls, int maxConnections, int ioThreads,
      Duration shutdownGracePeriod, String curveSecretKey, ZeroMqEngine zmqEngine) {
    this(host, port, protocol, codec, executor, maxFrameBytes, maxInFlightPerConnection, maxConcurrentCalls,
        maxConnections, ioThreads, shutdownGracePeriod, curveSecretKey, zmqEngine, null);
  }

  public static final int DEFAULT_MAX_IN_FLIGHT_PER_CONNECTION = 128;
  public static final int DEFAULT_MAX_CONCURRENT_CALLS = 10_000;
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
  public static final Duration DEFAULT_SHUTDOWN_GRACE_PERIOD = Duration.ofSeconds(10);

  /** Transport settings with every other setting at its default (for transport tests). */
  public static ServerSettings transport(
      String host, int port, int maxFrameBytes, int maxInFlightPerConnection, int ioThreads, int maxConnections,
      String curveSecretKey) {
    return new ServerSettings(host, port, Protocol.ZMQ, MsgpackCodec.create(), null, maxFrameBytes,
        maxInFlightPerConnection, DEFAULT_MAX_CONCURRENT_CALLS, maxConnections, ioThreads,
        DEFAULT_SHUTDOWN_GRACE_PERIOD, curveSecretKey, ZeroMqEngine.AUTO);
  }

  /** These settings on another ZeroMQ engine (for the transport tests of each engine). */
  public ServerSettings withZmqEngine(ZeroMqEngine engine) {
    return new ServerSettings(host, port, protocol, codec, executor, maxFrameBytes, maxInFlightPerConnection,
        maxConcurrentCalls, maxConnections, ioThreads, shutdownGracePeriod, curveSecretKey, engine, tls);
  }

  /** Transport settings with the default connection cap and without CURVE (for transport tests). */
  public static ServerSettings transport(
      String host, int port, int maxFrameBytes, int maxInFlightPerConnection, int ioThreads) {
    return transport(host, port, maxFrameBytes, maxInFlightPerConnection, ioThreads, DEFAULT_MAX_CONNECTIONS, null);
  }

  /**
   * The bytes a reply frame counts against {@code maxFrameBytes} besides its payload: on TCP the
   * length field covers the request id and flag (5 bytes); on ZeroMQ the 16-byte id is outside it.
   */
  public int replyFramingBytes() {
    return protocol == Protocol.TCP ? 5 : 0;
  }

  /** {@code host:port} as asked for, for messages. */
  public String address() {
    return host + ":" + port;
  }
}
