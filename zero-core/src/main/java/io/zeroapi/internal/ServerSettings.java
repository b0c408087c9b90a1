package io.zeroapi.internal;

/**
 * Transport settings of a server, resolved from {@link io.zeroapi.ZeroServer.Builder}.
 *
 * @param host the address to bind ({@code 0.0.0.0} for all)
 * @param port the port to bind, 0 for an ephemeral one
 * @param maxFrameBytes largest request accepted; longer frames are refused before allocation
 * @param maxInFlightPerConnection calls of one connection running at once before the server stops
 *     reading from it (backpressure)
 * @param ioThreads I/O threads (event loops); 0 means one per core
 * @param maxConnections open connections beyond which new ones are closed at once (TCP only)
 * @param curveSecretKey the server's CURVE secret key (Z85, 40 characters) to encrypt the ZeroMQ
 *     transport, or {@code null} for none
 */
public record ServerSettings(
    String host,
    int port,
    int maxFrameBytes,
    int maxInFlightPerConnection,
    int ioThreads,
    int maxConnections,
    String curveSecretKey) {

  /** The default connection cap. */
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

  /** Settings with the default connection cap. */
  public ServerSettings(
      String host, int port, int maxFrameBytes, int maxInFlightPerConnection, int ioThreads, String curveSecretKey) {
    this(host, port, maxFrameBytes, maxInFlightPerConnection, ioThreads, DEFAULT_MAX_CONNECTIONS, curveSecretKey);
  }

  /** Settings without CURVE, with the default connection cap. */
  public ServerSettings(String host, int port, int maxFrameBytes, int maxInFlightPerConnection, int ioThreads) {
    this(host, port, maxFrameBytes, maxInFlightPerConnection, ioThreads, null);
  }
}
