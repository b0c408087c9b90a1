package io.zeroapi.internal.zmq;

import static io.zeroapi.internal.zmq.ZmqTestSupport.capture;
import static io.zeroapi.internal.zmq.ZmqTestSupport.tail;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The server against the Python original's captures: a raw DEALER sends the recorded request
 * messages; the replies must be the recorded bytes exactly, and the handler must see exactly the
 * recorded name and argument bytes.
 */
@Timeout(60)
class ZmqServerGoldenTest {
  private static final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  /** Recorded reply payload by function name. */
  private static final Map<String, byte[]> recordedReplies = new HashMap<>();
  private static ZmqTestSupport.RecordingHandler handler;
  private static ZmqServerTransport server;
  private static ZContext context;

  @BeforeAll
  static void start() {
    recordedReplies.put("connect", tail(capture("zmq_connect_handshake.hex").get(1), 16));
    recordedReplies.put("echo", tail(capture("zmq_response.hex").get(0), 16));
    recordedReplies.put("hello_world", tail(capture("zmq_hello_world_response.hex").get(0), 16));
    recordedReplies.put("process_order", tail(capture("zmq_struct_response.hex").get(0), 16));
    recordedReplies.put("no_such_fn", tail(capture("zmq_error_response.hex").get(0), 16));
    recordedReplies.put("fail", tail(capture("zmq_error_response.hex").get(1), 16));
    // Replies come from worker threads, as with the real dispatcher.
    handler = new ZmqTestSupport.RecordingHandler((request, sink) ->
        workers.execute(() -> sink.reply(recordedReplies.get(request.function()), false)));
    server = new ZmqServerTransport(ZmqTestSupport.serverSettings(), handler);
    server.start();
    context = new ZContext();
  }

  @AfterAll
  static void stop() {
    context.close();
    server.close();
    workers.close();
  }

  /** Sends each request on one DEALER and checks every reply against the recorded one. */
  private static void exchange(List<byte[]> requests, List<byte[]> replies) {
    assertThat(requests).hasSameSizeAs(replies).isNotEmpty();
    ZMQ.Socket dealer = ZmqTestSupport.dealer(context, server.port(), 5_000);
    try {
      for (int i = 0; i < requests.size(); i++) {
        assertThat(dealer.send(requests.get(i))).isTrue();
        byte[] reply = dealer.recv();
        assertThat(reply).as("reply to message %d", i).isNotNull();
        assertThat(HexFormat.of().formatHex(reply)).isEqualTo(HexFormat.of().formatHex(replies.get(i)));
        assertThat(dealer.hasReceiveMore()).isFalse();
      }
    } finally {
      dealer.close();
    }
  }

  @Test
  void echoRequestGetsTheRecordedReply() {
    handler.seen.clear();
    exchange(capture("zmq_request.hex"), capture("zmq_response.hex"));
    assertThat(handler.seen).singleElement().satisfies(seen -> {
      assertThat(seen.function()).isEqualTo("echo");
      assertThat(HexFormat.of().formatHex(seen.argument())).isEqualTo("a568656c6c6f");
    });
  }

  @Test
  void helloWorldWithoutArgumentHandsOverAnEmptyPayload() {
    handler.seen.clear();
    exchange(capture("zmq_hello_world_request.hex"), capture("zmq_hello_world_response.hex"));
    assertThat(handler.seen).singleElement().satisfies(seen -> {
      assertThat(seen.function()).isEqualTo("hello_world");
      assertThat(seen.argument()).isEmpty();
    });
  }

  @Test
  void structRequestHandsOverTheArgumentBytesUntouched() {
    handler.seen.clear();
    byte[] request = capture("zmq_struct_request.hex").get(0);
    exchange(List.of(request), capture("zmq_struct_response.hex"));
    assertThat(handler.seen).singleElement().satisfies(seen -> {
      assertThat(seen.function()).isEqualTo("process_order");
      assertThat(seen.argument()).isEqualTo(tail(request, 96));
    });
  }

  @Test
  void errorRepliesAreSentAsRecorded() {
    handler.seen.clear();
    exchange(capture("zmq_error_request.hex"), capture("zmq_error_response.hex"));
    assertThat(handler.seen).extracting(ZmqTestSupport.Seen::function).containsExactly("no_such_fn", "fail");
    assertThat(handler.seen.get(1).argument()).isEqualTo(ZmqTestSupport.msgpack("boom"));
  }

  @Test
  void unpaddedConnectHandshakeIsAnswered() {
    handler.seen.clear();
    List<byte[]> frames = capture("zmq_connect_handshake.hex");
    assertThat(frames.get(0)).hasSize(23);
    exchange(List.of(frames.get(0)), List.of(frames.get(1)));
    assertThat(handler.seen).singleElement().satisfies(seen -> {
      assertThat(seen.function()).isEqualTo("connect");
      assertThat(seen.argument()).isEmpty();
    });
  }

  @Test
  void wholeRecordedSessionReplaysByteForByte() {
    handler.seen.clear();
    List<byte[]> requests = zmtpBodies(capture("zmq_frames_all_client_to_server.hex"));
    List<byte[]> replies = zmtpBodies(capture("zmq_frames_all_server_to_client.hex"));
    exchange(requests, replies);
    assertThat(handler.seen).extracting(ZmqTestSupport.Seen::function)
        .containsExactly("connect", "echo", "hello_world", "process_order", "no_such_fn", "fail");
  }

  @Test
  void capturedStreamContainsTheSameMessages() {
    // The greeting/READY capture is the ZMTP handshake JeroMQ performs itself; check it is what
    // the message-level files assume (NULL mechanism, DEALER to ROUTER).
    List<byte[]> handshake = capture("zmq_greeting_and_ready.hex");
    assertThat(new String(handshake.get(0), 12, 4, StandardCharsets.US_ASCII)).isEqualTo("NULL");
    assertThat(new String(handshake.get(2), StandardCharsets.US_ASCII)).contains("DEALER");
    assertThat(new String(handshake.get(3), StandardCharsets.US_ASCII)).contains("ROUTER");
  }

  /** Strips the short ZMTP frame header (flags byte, one size byte) from each captured frame. */
  private static List<byte[]> zmtpBodies(List<byte[]> frames) {
    List<byte[]> bodies = new ArrayList<>();
    for (byte[] frame : frames) {
      assertThat(frame[0]).as("flags: short, last frame").isEqualTo((byte) 0);
      assertThat(frame[1] & 0xff).isEqualTo(frame.length - 2);
      bodies.add(tail(frame, 2));
    }
    return bodies;
  }
}
