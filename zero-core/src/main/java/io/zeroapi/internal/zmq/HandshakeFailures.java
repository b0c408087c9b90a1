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

  /**
   * The message of the {@link io.zeroapi.ConnectionException} that fails the waiting calls when the
   * server refused this client's CURVE key (its ZAP handler answered a status other than 200): a
   * server with an allow-list of client keys that does not hold this one.
   *
   * @param endpoint {@code tcp://host:port}
   * @param clientPublicKey this client's CURVE public key (Z85)
   * @param status the ZAP status code the server sent (400: not allowed; 300, 500: the server's
   *     handler failed)
   * @return one sentence naming the server, the key and what to do
   */
  public static String refusedCurveKey(String endpoint, String clientPublicKey, int status) {
    String server = endpoint.replaceFirst("^tcp://", "");
    if (status == 400) {
      return "The server at " + server + " refused this client's CURVE public key " + clientPublicKey
          + " (ZAP status 400): it lets in only the client keys on its allow-list; add this key to it (--curve-allow)"
          + ", or give this client a key pair that is on it (--curve-client-key)";
    }
    return "The server at " + server + " could not authenticate this client's CURVE public key " + clientPublicKey
        + " (ZAP status " + status + "): its authentication handler failed";
  }
}
