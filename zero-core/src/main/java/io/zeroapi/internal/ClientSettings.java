package io.zeroapi.internal;

import io.zeroapi.CurveKeys;
import io.zeroapi.ValidationException;
import io.zeroapi.ZeroMqEngine;
import java.time.Duration;

/**
 * Transport settings of a client, resolved from {@link io.zeroapi.ZeroClient.Builder}.
 *
 * @param host server host
 * @param port server port
 * @param connections connections in the pool, opened lazily
 * @param multiplexed many calls in flight per connection (true), or one at a time per connection
 *     like the Python original (false)
 * @param maxFrameBytes largest reply accepted, and largest request sent (see {@link #argumentTooLarge})
 * @param connectTimeout bound on one connection attempt
 * @param maxReconnectBackoff cap of the delay between failed connection attempts
 * @param curveServerKey the server's CURVE public key (Z85, 40 characters) to encrypt the ZeroMQ
 *     transport, or {@code null} for none
 * @param zmqEngine the ZeroMQ implementation to run on (ZeroMQ only)
 * @param maxOutboundBytes bound on the bytes of requests waiting to be written per connection
 *     ({@link OutboundLimit})
 * @param tls TLS on the TCP transport, or {@code null} for plaintext (TCP only)
 * @param curveClientKeys this client's own CURVE key pair, for a server with an allow-list of
 *     client keys; {@code null} for an ephemeral pair made per connection
 */
public record ClientSettings(
    String host,
    int port,
    int connections,
    boolean multiplexed,
    int maxFrameBytes,
    Duration connectTimeout,
    Duration maxReconnectBackoff,
    String curveServerKey,
    ZeroMqEngine zmqEngine,
    long maxOutboundBytes,
    TlsSettings tls,
    CurveKeys curveClientKeys) {

  /** These settings with TLS ({@code null}: plaintext). */
  public ClientSettings withTls(TlsSettings otherTls) {
    return new ClientSettings(host, port, connections, multiplexed, maxFrameBytes, connectTimeout,
        maxReconnectBackoff, curveServerKey, zmqEngine, maxOutboundBytes, otherTls, curveClientKeys);
  }

  /** These settings with this client's own CURVE key pair (for transport tests). */
  public ClientSettings withCurveClientKeys(CurveKeys keys) {
    return new ClientSettings(host, port, connections, multiplexed, maxFrameBytes, connectTimeout,
        maxReconnectBackoff, curveServerKey, zmqEngine, maxOutboundBytes, tls, keys);
  }

  /**
   * Settings with the default outbound limit ({@link OutboundLimit#DEFAULT_MAX_OUTBOUND_BYTES}),
   * without TLS and without a client key pair of its own.
   */
  public ClientSettings(
      String host,
      int port,
      int connections,
      boolean multiplexed,
      int maxFrameBytes,
      Duration connectTimeout,
      Duration maxReconnectBackoff,
      String curveServerKey,
      ZeroMqEngine zmqEngine) {
    this(host, port, connections, multiplexed, maxFrameBytes, connectTimeout, maxReconnectBackoff, curveServerKey,
        zmqEngine, OutboundLimit.DEFAULT_MAX_OUTBOUND_BYTES, null, null);
  }

  /** Settings on the default ZeroMQ engine. */
  public ClientSettings(
      String host,
      int port,
      int connections,
      boolean multiplexed,
      int maxFrameBytes,
      Duration connectTimeout,
      Duration maxReconnectBackoff,
      String curveServerKey) {
    this(host, port, connections, multiplexed, maxFrameBytes, connectTimeout, maxReconnectBackoff, curveServerKey,
        ZeroMqEngine.AUTO);
  }

  /** Settings without CURVE. */
  public ClientSettings(
      String host,
      int port,
      int connections,
      boolean multiplexed,
      int maxFrameBytes,
      Duration connectTimeout,
      Duration maxReconnectBackoff) {
    this(host, port, connections, multiplexed, maxFrameBytes, connectTimeout, maxReconnectBackoff, null);
  }

  /** These settings on another ZeroMQ engine (for the transport tests of each engine). */
  public ClientSettings withZmqEngine(ZeroMqEngine engine) {
    return new ClientSettings(host, port, connections, multiplexed, maxFrameBytes, connectTimeout, maxReconnectBackoff,
        curveServerKey, engine, maxOutboundBytes, tls, curveClientKeys);
  }

  /** These settings with another bound on each connection's outbound buffer. */
  public ClientSettings withMaxOutboundBytes(long bytes) {
    return new ClientSettings(host, port, connections, multiplexed, maxFrameBytes, connectTimeout, maxReconnectBackoff,
        curveServerKey, zmqEngine, bytes, tls, curveClientKeys);
  }

  /**
   * Why a call is refused before it is sent: its request is over {@link #maxFrameBytes}, which a
   * server with the same limit (the default on both sides) would refuse too. Over ZeroMQ such a
   * message makes the server drop the connection without a word, so the caller would wait out its
   * timeout; over TCP the server closes the connection. A {@link ValidationException}: like an
   * argument that cannot be encoded, it is the argument that is wrong, and retrying cannot help.
   *
   * @param function the function called
   * @param bytes the size compared with the limit
   * @param withEnvelope whether {@code bytes} includes the transport's envelope (TCP) or is the
   *     encoded argument alone (ZeroMQ, whose 96-byte header the server allows on top of the limit)
   */
  public ValidationException argumentTooLarge(String function, long bytes, boolean withEnvelope) {
    return new ValidationException("Argument of `" + function + "` not sent: " + bytes + " bytes encoded"
        + (withEnvelope ? " with its envelope" : "") + ", over the limit of " + maxFrameBytes
        + " bytes (maxFrameBytes)");
  }

  /** These settings towards another server (one endpoint of a client over several). */
  public ClientSettings withAddress(String otherHost, int otherPort) {
    return new ClientSettings(otherHost, otherPort, connections, multiplexed, maxFrameBytes, connectTimeout,
        maxReconnectBackoff, curveServerKey, zmqEngine, maxOutboundBytes, tls, curveClientKeys);
  }

  /** {@code host:port}, for messages. */
  public String address() {
    return host + ":" + port;
  }
}
