package io.zeroapi.internal.zmq;

import io.zeroapi.internal.ThrottledWarning;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;

/**
 * The server's ZAP handler (ZeroMQ Authentication Protocol, RFC 27): a REP socket bound to {@value
 * #ENDPOINT} in the server's context, to which the engine (libzmq or JeroMQ) sends a request for
 * each CURVE handshake, with the client's long-term public key; it answers 200 for a key on the
 * allow-list and 400 for any other.
 *
 * <p>It is served by the server's I/O thread, between its other work ({@link #serve()} never
 * blocks): no thread of its own, and it closes with the server's socket. A request is answered at
 * once from a set lookup. Requests come from the engine itself over inproc, but are still checked:
 * a request that is not a ZAP 1.0 request for CURVE gets a 500 (or 400 for another mechanism), and
 * the handler goes on. Refusals are logged as one WARN line per 10 s at most ({@link
 * ThrottledWarning}), naming a refused key. Owned by the I/O thread.
 */
final class ZapHandler implements AutoCloseable {
  /** Where the engines send ZAP requests (RFC 27), in the context of the socket authenticated. */
  static final String ENDPOINT = "inproc://zeromq.zap.01";

  /** Frames read from one request at most; the rest of a longer message is discarded. */
  private static final int MAX_FRAMES = 16;

  private static final Logger log = LoggerFactory.getLogger(ZapHandler.class);
  private static final byte[] VERSION = bytes("1.0");
  private static final byte[] EMPTY = new byte[0];

  private final ZmqSocket socket;
  private final Set<String> allowed;
  /** Handshakes refused so far (any thread may read it: for tests). */
  private final java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong();
  private final ThrottledWarning refusals = new ThrottledWarning(log, "Refused a CURVE client not on the allow-list: "
      + "{} (handshake refused; {} such handshake(s) since the last line)");

  /**
   * Binds the handler in {@code context}: from then on, the CURVE handshakes of the sockets of that
   * context are decided here.
   *
   * @param allowed the client public keys accepted, as Z85 text
   */
  ZapHandler(ZmqContext context, Set<String> allowed) {
    this.allowed = Set.copyOf(allowed);
    socket = context.rep();
    try {
      socket.setLinger(0);
      socket.bind(ENDPOINT);
    } catch (RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** The REP socket, for the I/O thread's waiter. */
  ZmqSocket socket() {
    return socket;
  }

  /** Whether a request is waiting (ask before sleeping: the notification is edge-triggered). */
  boolean hasRequest() {
    return (socket.events() & ZmqSocket.POLLIN) != 0;
  }

  /**
   * Answers the requests waiting, without blocking.
   *
   * @return whether there was any
   */
  boolean serve() {
    boolean any = false;
    byte[] first;
    while ((first = socket.receive(true)) != null) {
      any = true;
      List<byte[]> request = new ArrayList<>();
      request.add(first);
      while (socket.hasMore()) {
        byte[] frame = socket.receive(false);
        if (request.size() < MAX_FRAMES) {
          request.add(frame);
        }
      }
      List<byte[]> reply = answer(request);
      for (int i = 0; i < reply.size(); i++) {
        socket.send(reply.get(i), i < reply.size() - 1);
      }
    }
    return any;
  }

  /**
   * The reply to one request (the frames after the REP envelope: version, request id, domain,
   * address, identity, mechanism, credentials): version, request id, status code, status text,
   * user id, metadata.
   */
  List<byte[]> answer(List<byte[]> request) {
    byte[] requestId = request.size() > 1 ? request.get(1) : EMPTY;
    if (request.size() < 6 || !Arrays.equals(request.get(0), VERSION)) {
      log.debug("Malformed ZAP request of {} frame(s); answered 500", request.size());
      return reply(requestId, "500", "malformed ZAP request");
    }
    String mechanism = new String(request.get(5), StandardCharsets.US_ASCII);
    String address = new String(request.get(3), StandardCharsets.UTF_8);
    if (!mechanism.equals("CURVE")) {
      log.debug("ZAP request for mechanism {} from {}; answered 400", mechanism, address);
      return reply(requestId, "400", "CURVE required");
    }
    if (request.size() != 7 || request.get(6).length != 32) {
      log.debug("CURVE ZAP request without a 32-byte key from {}; answered 500", address);
      return reply(requestId, "500", "malformed CURVE credentials");
    }
    String key = ZMQ.Curve.z85Encode(request.get(6));
    if (allowed.contains(key)) {
      log.debug("CURVE client {} from {} allowed", key, address);
      return reply(requestId, "200", "OK", key);
    }
    refused.incrementAndGet();
    refusals.report("key " + key + " from " + (address.isEmpty() ? "an unknown address" : address));
    return reply(requestId, "400", "CURVE key not allowed");
  }

  /** Handshakes refused so far. */
  long refused() {
    return refused.get();
  }

  private static List<byte[]> reply(byte[] requestId, String status, String text) {
    return reply(requestId, status, text, "");
  }

  private static List<byte[]> reply(byte[] requestId, String status, String text, String userId) {
    return List.of(VERSION, requestId, bytes(status), bytes(text), bytes(userId), EMPTY);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    socket.close();
  }
}
