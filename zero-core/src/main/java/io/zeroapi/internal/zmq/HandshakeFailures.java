package io.zeroapi.internal.zmq;

/**
 * What a ZeroMQ client says when its server keeps closing connections before the ZMTP handshake
 * completes: the same words on every engine ({@link ZmqSocket.Connection#ready()}).
 */
public final class HandshakeFailures {
  /** Connections closed in a row during the handshake before the client says why. */
  public static final int CLOSED_IN_HANDSHAKE_LIMIT = 2;

  private HandshakeFailures() {}

  /**
   * The message of the {@link io.zeroapi.ConnectionException} that fails the waiting calls.
   *
   * @param endpoint {@code tcp://host:port}
   * @param curveClient whether this client uses CURVE
   * @return one sentence naming the server and what to try
   */
  public static String closesEveryConnection(String endpoint, boolean curveClient) {
    return "The server at " + endpoint.replaceFirst("^tcp://", "")
        + " closes every connection during the ZeroMQ handshake: it may speak raw TCP (use --protocol tcp, Protocol.TCP)"
        + (curveClient
            ? ", not use CURVE (leave out the server key: --curve-server-key), or have another key pair (check"
                + " --curve-server-key)"
            : ", or require CURVE (give its public key: --curve-server-key)");
  }
}
