package io.zeroapi.internal.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.codec.Codec;
import io.zeroapi.internal.Dispatcher;
import io.zeroapi.internal.ErrorKeys;
import io.zeroapi.internal.ErrorReplies;
import io.zeroapi.internal.FunctionRegistry;
import io.zeroapi.internal.IncomingCall;
import io.zeroapi.internal.RegisteredFunction;
import io.zeroapi.codec.MsgpackCodec;
import io.zeroapi.testing.WireCaptures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher in memory, fed the raw TCP payloads the Python client sent (shared/wire captures)
 * as the TCP transport hands them over (calls that read their envelope on the worker thread): the
 * replies must be the bytes the Python server answered, wherever the two servers agree.
 */
class TcpDispatchTest {
  record Order(long id, double price, String name, Instant created_at, List<String> items) {}

  private final Codec codec = MsgpackCodec.create();
  private final FunctionRegistry registry = new FunctionRegistry(codec);
  private final Executor direct = Runnable::run;
  private final Dispatcher dispatcher = new Dispatcher(registry, codec, direct);

  TcpDispatchTest() {
    registry.add(new RegisteredFunction("echo", String.class, String.class, false, argument -> argument));
    registry.add(new RegisteredFunction("hello_world", null, String.class, false, argument -> "hello world"));
    registry.add(new RegisteredFunction("process_order", Order.class, Order.class, false, argument -> {
      Order order = (Order) argument;
      List<String> items = new ArrayList<>(order.items());
      items.add("processed");
      return new Order(order.id() + 1, order.price() * 2, order.name().toUpperCase(),
          order.created_at().plus(1, ChronoUnit.DAYS), items);
    }));
    registry.add(new RegisteredFunction("fail", String.class, String.class, false, argument -> {
      throw new RuntimeException((String) argument);
    }));
  }

  /** What one request produced. */
  record Captured(byte[] payload, boolean error) {
    String hex() {
      return HexFormat.of().formatHex(payload);
    }
  }

  /** A request as TcpCall makes it: its envelope is read on the worker thread. */
  private static final class EnvelopeCall extends IncomingCall {
    private static final TcpEnvelope.Reader READER = new TcpEnvelope.Reader();
    private final byte[] envelope;
    private final List<Captured> replies;

    EnvelopeCall(byte[] envelope, List<Captured> replies) {
      this.envelope = envelope;
      this.replies = replies;
    }

    @Override
    protected void read() {
      TcpEnvelope.Request request = READER.read(envelope);
      request(request.function(), envelope, request.argumentOffset(), request.argumentLength());
    }

    @Override
    public void reply(byte[] payload, boolean error) {
      replies.add(new Captured(payload, error));
    }
  }

  private byte[] envelope(String function, Object argument) {
    return WireCaptures.concat(TcpEnvelope.prefix(function), codec.encode(argument));
  }

  private ErrorReplies.ErrorReply error(Captured reply) {
    return ErrorReplies.parse(reply.payload(), codec);
  }

  private Captured dispatch(byte[] envelope) {
    List<Captured> replies = new ArrayList<>();
    dispatcher.handle(new EnvelopeCall(envelope, replies));
    assertThat(replies).hasSize(1);
    return replies.get(0);
  }

  private static String hexPayload(byte[] tcpFrame) {
    return HexFormat.of().formatHex(WireCaptures.payload(tcpFrame));
  }

  private static boolean flag(byte[] tcpFrame) {
    return tcpFrame[8] != 0;
  }

  @Test
  void answersThePythonClientsRequestsWithThePythonServersBytes() {
    List<byte[]> requests = new ArrayList<>();
    List<byte[]> responses = new ArrayList<>();
    for (String name : List.of("tcp_request.hex", "tcp_hello_world_request.hex", "tcp_struct_request.hex", "tcp_error_request.hex")) {
      requests.addAll(WireCaptures.frames(name));
    }
    for (String name : List.of("tcp_response.hex", "tcp_hello_world_response.hex", "tcp_struct_response.hex", "tcp_error_response.hex")) {
      responses.addAll(WireCaptures.frames(name));
    }
    assertThat(requests).hasSize(5).hasSameSizeAs(responses);
    for (int i = 0; i < requests.size(); i++) {
      Captured reply = dispatch(WireCaptures.payload(requests.get(i)));
      String expected = hexPayload(responses.get(i));
      if (expected.contains(HexFormat.of().formatHex("RuntimeError".getBytes()))) {
        // Python names its exception RuntimeError; ours is a Java RuntimeException: same shape.
        assertThat(reply.error()).isTrue();
        assertThat(error(reply))
            .isEqualTo(new ErrorReplies.ErrorReply(ErrorKeys.SERVER_EXCEPTION, "RuntimeException('boom')"));
      } else {
        assertThat(reply.hex()).as("reply to request %d", i + 1).isEqualTo(expected);
        assertThat(reply.error()).isEqualTo(flag(responses.get(i)));
      }
    }
  }

  @Test
  void handlesTheCapturedEdgeCasesLikeThePythonServer() {
    List<byte[]> frames = WireCaptures.frames("tcp_edge_cases.hex");
    // pairs of request/response, then a last unpaired request with invalid MessagePack
    for (int i = 0; i + 1 < frames.size(); i += 2) {
      byte[] request = frames.get(i);
      byte[] response = frames.get(i + 1);
      String requestHex = hexPayload(request);
      Captured reply = dispatch(WireCaptures.payload(request));
      if (requestHex.equals("82a2666ea46563686fa4646174617b")) {
        // echo(123): the Python TCP server does no validation; ours decodes into String and says so
        assertThat(reply.error()).isTrue();
        assertThat(error(reply).key()).isEqualTo(ErrorKeys.VALIDATION_ERROR);
        continue;
      }
      if (requestHex.contains(HexFormat.of().formatHex("kaput".getBytes()))) {
        assertThat(error(reply))
            .isEqualTo(new ErrorReplies.ErrorReply(ErrorKeys.SERVER_EXCEPTION, "RuntimeException('kaput')"));
        continue;
      }
      assertThat(reply.hex()).as("reply to %s", requestHex).isEqualTo(hexPayload(response));
      assertThat(reply.error()).isEqualTo(flag(response));
    }
  }

  @Test
  void malformedMessagePackGetsAnErrorReply() {
    Captured reply = dispatch(new byte[] {(byte) 0xc1});
    assertThat(reply.error()).isTrue();
    assertThat(error(reply).key()).isEqualTo(ErrorKeys.SERVER_EXCEPTION);
    Captured empty = dispatch(new byte[0]);
    assertThat(empty.error()).isTrue();
    // a malformed request is not left counted as running (close() would wait for it)
    assertThat(dispatcher.inFlight()).isZero();
  }

  @Test
  void reservedNamesGetTheOriginalsReplies() {
    Captured connect = dispatch(envelope("connect", null));
    assertThat(codec.decode(connect.payload(), 0, connect.payload().length, String.class)).isEqualTo("connected");
    Captured info = dispatch(envelope("__server_info__", null));
    assertThat(error(info).key()).isEqualTo(ErrorKeys.FUNCTION_NOT_FOUND);
    Captured contract = dispatch(envelope("get_rpc_contract", List.of("localhost", 5559, "tcp", false)));
    assertThat(contract.error()).isFalse();
    String source = (String) codec.decode(contract.payload(), 0, contract.payload().length, String.class);
    assertThat(source).startsWith("# Generated by Zero\n")
        .contains("zero_client = AsyncZeroClient(\"localhost\", 5559, protocol=AsyncTCPClient)\n")
        .contains("    async def process_order(self, msg: Order) -> Order:");
    Captured bad = dispatch(envelope("get_rpc_contract", List.of("localhost", 5559, "udp", false)));
    assertThat(error(bad).key()).isEqualTo(ErrorKeys.FAILED_TO_GENERATE_CLIENT_CODE);
    assertThat(error(bad).message()).contains("expected [host, port, protocol, async]").contains("\"udp\"");
  }

  @Test
  void resultMapsWithAnErrorKeyAreFlaggedLikeTheOriginal() {
    registry.add(new RegisteredFunction("looks_like_error", null, Map.class, false,
        argument -> Map.of("__zerror__custom", "text")));
    Captured reply = dispatch(envelope("looks_like_error", null));
    assertThat(reply.error()).isTrue();
  }

  @Test
  void shutdownWaitsForCallsInFlightAndRefusesNewOnes() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<String> slow = new CompletableFuture<>();
    registry.add(new RegisteredFunction("slow", null, String.class, true, argument -> slow));
    List<Captured> replies = new ArrayList<>();
    dispatcher.handle(new EnvelopeCall(envelope("slow", null), replies));
    assertThat(dispatcher.inFlight()).isEqualTo(1);
    dispatcher.beginShutdown();
    Captured refused = dispatch(envelope("echo", "x"));
    assertThat(error(refused).message()).contains("shutting down");
    assertThat(dispatcher.awaitIdle(Duration.ofMillis(50))).isFalse();
    Thread.ofVirtual().start(() -> {
      try {
        release.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
      slow.complete("done");
    });
    release.countDown();
    assertThat(dispatcher.awaitIdle(Duration.ofSeconds(5))).isTrue();
    assertThat(replies).hasSize(1);
    assertThat(codec.decode(replies.get(0).payload(), 0, replies.get(0).payload().length, String.class)).isEqualTo("done");
  }
}
