package io.zeroapi.internal.tcp;

import static io.zeroapi.testing.WireCaptures.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.zeroapi.Protocol;
import io.zeroapi.ZeroServer;
import io.zeroapi.codec.Codec;
import io.zeroapi.codec.MsgpackCodec;
import io.zeroapi.internal.Dispatcher;
import io.zeroapi.internal.ErrorKeys;
import io.zeroapi.internal.ErrorReplies;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * reliability-security.md §2.7 B, C and D3 through the real server on raw TCP: each hostile payload
 * inside a well-formed frame gets an error reply with its id (flag 1) and the connection keeps
 * serving. The codec-level cases are in {@code MsgpackBadInputTest}; these check the server's end.
 */
@Timeout(30)
class TcpServerBadInputTest {
  private static final Codec CODEC = MsgpackCodec.create();
  /** {"fn": "echo_object", "data": ...}: the argument follows. */
  private static final byte[] ECHO_OBJECT_PREFIX = Wire.hex("82a2666eab6563686f5f6f626a656374a464617461");
  /** {"fn": "echo_double", "data": ...}: the argument follows. */
  private static final byte[] ECHO_DOUBLE_PREFIX = Wire.hex("82a2666eab6563686f5f646f75626c65a464617461");
  private static final int BIG_REPLY = 64 * 1024;

  private static ZeroServer server;
  private static final AtomicInteger bigCalls = new AtomicInteger();
  private static final CountDownLatch hung = new CountDownLatch(1);

  private final RawSockets sockets = new RawSockets();

  @BeforeAll
  static void startServer() {
    server =
        ZeroServer.builder()
            .protocol(Protocol.TCP)
            .host("127.0.0.1")
            .port(0)
            .shutdownGracePeriod(Duration.ofMillis(200))
            .build()
            .register("echo", String.class, s -> s)
            .register("echo_object", Object.class, v -> v)
            .register("echo_double", double.class, v -> v)
            .register("unencodable", () -> new Thread())
            .register(
                "hang",
                () -> {
                  hung.await();
                  return "released";
                })
            .register(
                "big",
                () -> {
                  bigCalls.incrementAndGet();
                  return "x".repeat(BIG_REPLY);
                })
            .start();
  }

  @AfterAll
  static void stopServer() {
    hung.countDown();
    server.close();
  }

  @AfterEach
  void closeSockets() throws IOException {
    sockets.close();
  }

  private Socket connect() throws IOException {
    return sockets.connect(server.port(), 5000);
  }

  private static byte[] call(Socket s, int id, byte[] payload) throws IOException {
    s.getOutputStream().write(Wire.frame(id, 0, payload));
    byte[] reply = Wire.readFrame(s.getInputStream());
    assertThat(reply).as("a reply, not a closed connection").isNotNull();
    assertThat(Wire.id(reply)).isEqualTo(id);
    return reply;
  }

  /** The reply to {@code payload} is an error with {@code key}; returns its message. */
  private static String callError(Socket s, int id, byte[] payload, String key) throws IOException {
    byte[] reply = call(s, id, payload);
    assertThat(Wire.flag(reply)).as("error flag").isEqualTo(1);
    byte[] body = Wire.payload(reply);
    ErrorReplies.ErrorReply error = ErrorReplies.parse(body, CODEC);
    assertThat(error).as("an error map: %s", Wire.hex(body)).isNotNull();
    assertThat(error.key()).isEqualTo(key);
    return error.message();
  }

  /** A request envelope as the Python client writes it. */
  private static byte[] envelope(String function, Object argument) {
    return concat(TcpEnvelope.prefix(function), CODEC.encode(argument));
  }

  /** The connection still serves a normal call. */
  private static void assertServes(Socket s, int id) throws IOException {
    byte[] reply = call(s, id, envelope("echo", "still here " + id));
    assertThat(Wire.flag(reply)).isZero();
    assertThat(Wire.payload(reply)).isEqualTo(CODEC.encode("still here " + id));
  }

  private static byte[] repeat(String hex, int times, String tail) {
    byte[] unit = Wire.hex(hex);
    byte[] end = Wire.hex(tail);
    byte[] out = new byte[unit.length * times + end.length];
    for (int i = 0; i < times; i++) {
      System.arraycopy(unit, 0, out, i * unit.length, unit.length);
    }
    System.arraycopy(end, 0, out, unit.length * times, end.length);
    return out;
  }

  @Test
  void a3EmptyPayloadIsAnErrorAndTheConnectionStays() throws IOException {
    Socket s = connect();
    callError(s, 7, new byte[0], ErrorKeys.SERVER_EXCEPTION);
    assertServes(s, 8);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "dbffffffff616263", // B1 str32 claiming 4 GiB
        "c67fffffff00", // B2 bin32
        "c97fffffff01", // B2 ext32
        "ddffffffff", // B3 array32
        "dd7fffffff",
        "df40000000", // B4 map32
        "dfffffffff",
        "c701ff00", // B8 timestamp lengths 1, 5, 13
        "c705ff0000000000",
        "c70dff00000000000000000000000000",
        "c70cff3b9aca000000000000000000", // B8 nanoseconds = 10^9
        "a2c328", // B9 invalid UTF-8
        "a2c0af",
        "a3eda080",
        "a1ff",
        "c1", // B10
        "cb0000", // B11 truncated scalars
        "cd01",
        "d90561",
      })
  void b1ToB11MalformedArgumentIsAnErrorReplyAndTheConnectionStays(String hex) throws IOException {
    Socket s = connect();
    callError(s, 0xfffffff0, concat(ECHO_OBJECT_PREFIX, Wire.hex(hex)), ErrorKeys.SERVER_EXCEPTION);
    assertServes(s, 1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a2c328", "a2c0af", "a3eda080", "a1ff"})
  void b9InvalidUtf8FunctionNameIsAnErrorReply(String hex) throws IOException {
    Socket s = connect();
    String message = callError(s, 3, concat(Wire.hex("82a2666e"), Wire.hex(hex), Wire.hex("a464617461c0")), ErrorKeys.SERVER_EXCEPTION);
    assertThat(message).contains("UTF-8");
    assertServes(s, 4);
  }

  @Test
  void b5DeepNestingIsAnErrorReplyNotAStackOverflow() throws IOException {
    Socket s = connect();
    String arrays = callError(s, 1, concat(ECHO_OBJECT_PREFIX, repeat("91", 1_000_000, "c0")), ErrorKeys.SERVER_EXCEPTION);
    assertThat(arrays).contains("nesting deeper than 1000");
    String maps = callError(s, 2, concat(ECHO_OBJECT_PREFIX, repeat("81a161", 10_000, "c0")), ErrorKeys.SERVER_EXCEPTION);
    assertThat(maps).contains("nesting deeper than 1000");
    // deep nesting in an unknown key of the envelope, not in the argument: the envelope reader
    // skips it without recursion (no depth to guard) and the call is served
    byte[] reply = call(s, 3, concat(Wire.hex("83a178"), repeat("91", 1_000_000, "c0"), Wire.hex("a2666ea46563686fa464617461a178")));
    assertThat(Wire.flag(reply)).isZero();
    assertThat(Wire.payload(reply)).isEqualTo(CODEC.encode("x"));
    assertServes(s, 4);
  }

  @Test
  void b6DepthExactlyAtTheLimitIsEchoed() throws IOException {
    Socket s = connect();
    byte[] atLimit = repeat("91", 1000, "c0");
    byte[] reply = call(s, 1, concat(ECHO_OBJECT_PREFIX, atLimit));
    assertThat(Wire.flag(reply)).isZero();
    assertThat(Wire.payload(reply)).isEqualTo(atLimit);
  }

  @Test
  void b7UnknownExtensionsAreEchoedOpaquely() throws IOException {
    Socket s = connect();
    int id = 0;
    for (String ext : new String[] {"c70005", "d47f01", "c7ff80" + "ab".repeat(255), "c90001117005" + "cd".repeat(70_000)}) {
      byte[] value = Wire.hex(ext);
      byte[] reply = call(s, ++id, concat(ECHO_OBJECT_PREFIX, value));
      assertThat(Wire.flag(reply)).as(ext.substring(0, 6)).isZero();
      assertThat(Wire.payload(reply)).as(ext.substring(0, 6)).isEqualTo(value);
    }
  }

  @Test
  void b12TrailingBytesAfterTheRequestAreAnErrorReply() throws IOException {
    Socket s = connect();
    String message = callError(s, 1, concat(envelope("echo", "x"), Wire.hex("c0c0")), ErrorKeys.SERVER_EXCEPTION);
    assertThat(message).contains("trailing bytes");
    assertServes(s, 2);
  }

  @Test
  void b13Uint64MaxIsEchoedExactly() throws IOException {
    Socket s = connect();
    byte[] max = Wire.hex("cfffffffffffffffff");
    byte[] reply = call(s, 1, concat(ECHO_OBJECT_PREFIX, max));
    assertThat(Wire.flag(reply)).isZero();
    assertThat(Wire.payload(reply)).isEqualTo(max);
  }

  @ParameterizedTest
  @ValueSource(strings = {"cb7ff8000000000000", "cb7ff0000000000000", "cbfff0000000000000", "cb8000000000000000"})
  void b14NanInfinitiesAndNegativeZeroAreBitExact(String hex) throws IOException {
    Socket s = connect();
    byte[] value = Wire.hex(hex);
    for (byte[] prefix : List.of(ECHO_DOUBLE_PREFIX, ECHO_OBJECT_PREFIX)) {
      byte[] reply = call(s, 1, concat(prefix, value));
      assertThat(Wire.flag(reply)).isZero();
      assertThat(Wire.hex(Wire.payload(reply))).isEqualTo(hex);
    }
  }

  @Test
  void b15AmplificationShapesAreServed() throws IOException {
    Socket s = connect();
    int n = 100_000;
    byte[] nils = concat(Wire.hex("dd000186a0"), repeat("c0", n, ""));
    byte[] empties = concat(Wire.hex("dd000186a0"), repeat("a0", n, ""));
    ByteArrayOutputStream keys = new ByteArrayOutputStream();
    keys.writeBytes(Wire.hex("df000186a0"));
    for (int i = 0; i < n; i++) {
      keys.writeBytes(new byte[] {(byte) 0xce, (byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i, (byte) 0xc0});
    }
    int id = 0;
    for (byte[] value : List.of(nils, empties, keys.toByteArray())) {
      byte[] reply = call(s, ++id, concat(ECHO_OBJECT_PREFIX, value));
      assertThat(Wire.flag(reply)).isZero();
      Object decoded = CODEC.decode(Wire.payload(reply), 0, Wire.payload(reply).length, Object.class);
      assertThat(decoded).isEqualTo(CODEC.decode(value, 0, value.length, Object.class));
    }
  }

  @Test
  void b17LastFnKeyWins() throws IOException {
    Socket s = connect();
    // {"fn": "nope", "fn": "echo", "data": "xx"}
    byte[] reply = call(s, 1, Wire.hex("83a2666ea46e6f7065a2666ea46563686fa464617461a27878"));
    assertThat(Wire.flag(reply)).isZero();
    assertThat(Wire.payload(reply)).isEqualTo(Wire.hex("a27878"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"91c0", "05", "c0", "a178"})
  void c1RequestThatIsNotAMap(String hex) throws IOException {
    Socket s = connect();
    assertThat(callError(s, 1, Wire.hex(hex), ErrorKeys.SERVER_EXCEPTION)).isEqualTo("Request must be a dict");
    assertServes(s, 2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"81a464617461c0", "81a2666ea0", "81a2666e05", "81a2666ec0"})
  void c2MissingOrBadFunctionName(String hex) throws IOException {
    Socket s = connect();
    assertThat(callError(s, 1, Wire.hex(hex), ErrorKeys.SERVER_EXCEPTION)).isEqualTo("Missing function name");
    assertServes(s, 2);
  }

  @Test
  void c3MegabyteFunctionNameGetsABoundedReplyAndLogLine() throws IOException {
    Logger dispatcherLog = (Logger) LoggerFactory.getLogger(Dispatcher.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    dispatcherLog.addAppender(logged);
    try {
      Socket s = connect();
      String name = "f".repeat(1 << 20);
      byte[] request = envelope(name, null);
      byte[] reply = call(s, 1, request);
      assertThat(Wire.flag(reply)).isEqualTo(1);
      assertThat(reply.length).as("reply size").isLessThan(1024);
      ErrorReplies.ErrorReply error = ErrorReplies.parse(Wire.payload(reply), CODEC);
      assertThat(error.key()).isEqualTo(ErrorKeys.FUNCTION_NOT_FOUND);
      assertThat(error.message()).startsWith("Function `fff").endsWith("…` not found!");
      assertServes(s, 2);
      assertThat(logged.list).isNotEmpty();
      assertThat(logged.list).allSatisfy(e -> assertThat(e.getFormattedMessage()).hasSizeLessThan(1024));
    } finally {
      dispatcherLog.detachAppender(logged);
    }
  }

  @Test
  void c6ResultThatCannotBeEncodedIsAnErrorReplyAndTheConnectionStays() throws IOException {
    Socket s = connect();
    String message = callError(s, 1, envelope("unencodable", null), ErrorKeys.SERVER_EXCEPTION);
    assertThat(message).startsWith("Cannot encode the result of `unencodable`").contains("java.lang.Thread");
    assertServes(s, 2);
  }

  @Test
  void c6CallsThatNeverReturnDoNotHoldUpOthers() throws IOException {
    Socket s = connect();
    ByteArrayOutputStream hangs = new ByteArrayOutputStream();
    for (int i = 0; i < 100; i++) { // below the in-flight cap of the connection (128)
      hangs.writeBytes(Wire.frame(1000 + i, 0, envelope("hang", null)));
    }
    s.getOutputStream().write(hangs.toByteArray());
    assertServes(s, 1);
    assertServes(connect(), 2);
  }

  @Test
  void d3ClientThatNeverReadsIsNoLongerReadAndOthersAreServed() throws Exception {
    Socket greedy = sockets.connectDeaf(server.port(), 5000);
    int n = 20_000; // 20,000 x 64 KiB = 1.25 GiB of replies if the server kept going
    byte[] request = Wire.frame(1, 0, envelope("big", null));
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (int i = 0; i < n; i++) {
      all.writeBytes(request);
    }
    int before = bigCalls.get();
    Thread writer = RawSockets.writeInBackground(greedy, all.toByteArray());
    RawSockets.awaitNotReading(greedy, server.port(), bigCalls::get, before);
    assertThat(bigCalls.get() - before).as("calls run while the client reads nothing").isLessThan(n / 10);
    Socket other = connect();
    for (int i = 1; i <= 20; i++) {
      assertServes(other, i);
    }
    greedy.close();
    writer.join(TimeUnit.SECONDS.toMillis(5));
  }
}
