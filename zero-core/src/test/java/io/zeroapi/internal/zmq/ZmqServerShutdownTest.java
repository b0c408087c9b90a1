package io.zeroapi.internal.zmq;

import static io.zeroapi.internal.zmq.ZmqTestSupport.msgpack;
import static io.zeroapi.internal.zmq.ZmqTestSupport.request;
import static io.zeroapi.internal.zmq.ZmqTestSupport.tail;
import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.internal.ErrorKeys;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Closing the ZeroMQ server transport: requests that reach the socket after the I/O thread's last
 * round are still read and answered (the dispatcher says "Server is shutting down") instead of
 * going down with the socket and leaving their callers waiting for their whole timeout.
 */
@Timeout(60)
class ZmqServerShutdownTest {
  private static final int LATE = 20;

  private ZmqServerTransport server;
  private final ZContext context = new ZContext();

  @AfterEach
  void stop() {
    context.close();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void requestsArrivingWhileTheTransportClosesAreAnswered() {
    // "close" closes the transport from its own I/O thread: the loop ends after this round, and the
    // reply to "close" is the first thing the closing socket sends. Every other request is answered
    // as the dispatcher answers once the server shuts down.
    ZmqTestSupport.RecordingHandler handler = new ZmqTestSupport.RecordingHandler((request, call) -> {
      if (request.function().equals("close")) {
        server.close();
        call.reply(msgpack("closing"), false);
      } else {
        call.reply(msgpack(ErrorKeys.SHUTTING_DOWN), true);
      }
    });
    server = new ZmqServerTransport(ZmqTestSupport.serverSettings(), handler);
    server.start();
    ZMQ.Socket dealer = ZmqTestSupport.dealer(context, server.port(), 10_000);

    dealer.send(request(ZmqTestSupport.id(1), "close", msgpack(null)));
    byte[] closing = dealer.recv();
    assertThat(closing).isNotNull();
    assertThat(tail(closing, 16)).isEqualTo(msgpack("closing"));
    // The I/O thread has left its loop: these arrive while the socket closes.
    for (int i = 0; i < LATE; i++) {
      dealer.send(request(ZmqTestSupport.id(2 + i), "echo", msgpack(i)));
    }
    Set<Integer> answered = new HashSet<>();
    for (int i = 0; i < LATE; i++) {
      byte[] reply = dealer.recv();
      assertThat(reply).as("reply %d of %d", i + 1, LATE).isNotNull();
      assertThat(tail(reply, 16)).isEqualTo(msgpack(ErrorKeys.SHUTTING_DOWN));
      answered.add((int) reply[0]);
    }
    assertThat(answered).hasSize(LATE);
    assertThat(handler.calls.get()).isEqualTo(LATE + 1);
  }
}
