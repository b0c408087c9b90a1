package io.zeroapi.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.zeroapi.BearerTokens;
import io.zeroapi.CallTimeoutException;
import io.zeroapi.ClientInterceptor;
import io.zeroapi.FunctionNotFoundException;
import io.zeroapi.Metadata;
import io.zeroapi.Protocol;
import io.zeroapi.RemoteException;
import io.zeroapi.ServerCall;
import io.zeroapi.ServerInterceptor;
import io.zeroapi.UnauthenticatedException;
import io.zeroapi.ValidationException;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroServer;
import io.zeroapi.testing.OriginalLikeServer;
import io.zeroapi.testing.WireCaptures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Per-call metadata, deadlines and interceptors, once per transport: what a client sends arrives in
 * {@link ServerCall}, a call whose caller has given up is not run, interceptors run in their
 * defined order around blocking and async functions and may refuse a call before its argument is
 * decoded, and bearer tokens authenticate. A subclass per transport also checks the Python side:
 * a server that answers like the original gets no header (and so still answers).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class AbstractInterceptorTest {
  /** The transport under test. */
  protected abstract Protocol protocol();

  /** A record for the decode-order test: a string sent in its place cannot be decoded into it. */
  public record Order(String item, int quantity) {}

  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private ZeroServer server(Consumer<ZeroServer.Builder> settings, Consumer<ZeroServer> functions) {
    ZeroServer.Builder builder = ZeroServer.builder().host("127.0.0.1").port(0).protocol(protocol());
    settings.accept(builder);
    ZeroServer server = builder.build();
    functions.accept(server);
    server.start();
    open.add(server);
    return server;
  }

  private ZeroClient client(ZeroServer server, Consumer<ZeroClient.Builder> settings) {
    ZeroClient.Builder builder = ZeroClient.builder("127.0.0.1", server.port()).protocol(protocol());
    settings.accept(builder);
    ZeroClient client = builder.build();
    open.add(0, client);
    return client;
  }

  private static void whoami(ZeroServer server) {
    server.register("tenant", () -> String.valueOf(ServerCall.current().metadata().get("tenant")));
    server.register("metadata", () -> ServerCall.current().metadata().asMap());
    server.register("remaining_ms",
        () -> ServerCall.current().timeRemaining().map(Duration::toMillis).orElse(-1L));
  }

  @Test
  void metadataOfAViewReachesTheFunctionOnBlockingAndAsyncCalls() throws Exception {
    ZeroServer server = server(b -> { }, AbstractInterceptorTest::whoami);
    ZeroClient client = client(server, b -> { });
    ZeroClient acme = client.withMetadata(Metadata.of("tenant", "acme"));

    assertThat(acme.call("tenant", String.class)).isEqualTo("acme");
    assertThat(acme.async().call("tenant", String.class).get(5, TimeUnit.SECONDS)).isEqualTo("acme");
    assertThat(acme.withMetadata(Metadata.of("tenant", "globex").with("region", "eu")).call("metadata", Map.class))
        .isEqualTo(Map.of("tenant", "globex", "region", "eu"));
    // The client it came from sends none.
    assertThat(client.call("tenant", String.class)).isEqualTo("null");
    assertThat(client.call("metadata", Map.class)).isEmpty();
  }

  @Test
  void aFunctionReadsTheTimeItsCallerStillWaits() {
    ZeroServer server = server(b -> { }, AbstractInterceptorTest::whoami);
    ZeroClient client = client(server, b -> { });
    long remaining = client.call("remaining_ms", null, Long.class, Duration.ofSeconds(3));
    assertThat(remaining).isBetween(1L, 3_000L);
    assertThat(client.call("remaining_ms", null, Long.class, Duration.ofSeconds(20))).isGreaterThan(3_000L);

    ZeroClient quiet = client(server, b -> b.deadlinePropagation(false));
    assertThat(quiet.call("remaining_ms", Long.class)).isEqualTo(-1L);
    assertThatThrownBy(ServerCall::current).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only available while a Zero function runs");
  }

  @Test
  void aCallWhoseCallerGaveUpBeforeItCouldRunIsNotRun() throws Exception {
    BlockingQueue<Runnable> held = new LinkedBlockingQueue<>();
    java.util.concurrent.atomic.AtomicBoolean holding = new java.util.concurrent.atomic.AtomicBoolean();
    AtomicInteger ran = new AtomicInteger();
    ZeroServer server = server(b -> b.executor(task -> {
      if (holding.get()) {
        held.add(task);
      } else {
        Thread.ofVirtual().start(task);
      }
    }), s -> s.register("work", () -> ran.incrementAndGet()));
    ZeroClient client = client(server, b -> { });
    assertThat(client.call("work", Integer.class)).isEqualTo(1); // the client has asked whether the server reads headers
    holding.set(true);
    ran.set(0);

    CompletableFuture<Integer> late = client.async().call("work", null, Integer.class, Duration.ofMillis(150));
    Runnable lateTask = held.poll(5, TimeUnit.SECONDS);
    assertThat(lateTask).isNotNull();
    assertThatThrownBy(() -> late.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(CallTimeoutException.class);
    // The server counts the deadline from when it read the request, a moment after the client sent
    // it: let time pass beyond that moment (the point of the test is that time has passed).
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
    while (System.nanoTime() - until < 0) {
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    lateTask.run(); // the server gets to it only now: past its caller's deadline
    assertThat(ran).hasValue(0);

    // The same call in time runs.
    CompletableFuture<Integer> inTime = client.async().call("work", null, Integer.class, Duration.ofSeconds(10));
    held.poll(5, TimeUnit.SECONDS).run();
    assertThat(inTime.get(5, TimeUnit.SECONDS)).isEqualTo(1);
  }

  @Test
  void serverInterceptorsRunInOrderAroundBlockingAndAsyncFunctionsAndSeeTheOutcome() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    ServerInterceptor outer = tracing("outer", events);
    ServerInterceptor inner = tracing("inner", events);
    ZeroServer server = server(b -> b.intercept(outer).intercept(inner), s -> {
      s.register("echo", String.class, x -> {
        events.add("function " + ServerCall.current().function());
        return x;
      });
      s.registerAsync("later", String.class, x -> CompletableFuture.supplyAsync(() -> x + "!"));
      s.register("fail", String.class, x -> {
        throw new IllegalStateException(x);
      });
    });
    ZeroClient client = client(server, b -> { });

    assertThat(client.call("echo", "hi", String.class)).isEqualTo("hi");
    await().until(() -> events.size() == 5);
    assertThat(events).containsExactly("outer in echo", "inner in echo", "function echo", "inner out echo: hi",
        "outer out echo: hi");

    events.clear();
    assertThat(client.call("later", "hi", String.class)).isEqualTo("hi!");
    await().until(() -> events.size() == 4);
    assertThat(events).containsExactly("outer in later", "inner in later", "inner out later: hi!",
        "outer out later: hi!");

    events.clear();
    assertThatThrownBy(() -> client.call("fail", "boom", String.class)).isInstanceOf(RemoteException.class)
        .hasMessage("IllegalStateException('boom')");
    await().until(() -> events.size() == 4);
    assertThat(events.get(3)).isEqualTo("outer failed fail: IllegalStateException");
  }

  private static ServerInterceptor tracing(String name, List<String> events) {
    return (call, next) -> {
      events.add(name + " in " + call.function());
      return next.proceed().whenComplete((value, failure) -> events.add(failure == null
          ? name + " out " + call.function() + ": " + value
          : name + " failed " + call.function() + ": " + unwrap(failure).getClass().getSimpleName()));
    };
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  @Test
  void anInterceptorRefusesACallBeforeItsArgumentIsDecoded() {
    AtomicInteger ran = new AtomicInteger();
    ServerInterceptor refuseAll = (call, next) -> {
      throw new UnauthenticatedException("nobody gets in");
    };
    ZeroServer server = server(b -> b.intercept(refuseAll),
        s -> s.register("order", Order.class, o -> ran.incrementAndGet()));
    ZeroClient client = client(server, b -> { });
    // "not an order" would fail to decode into Order: the refusal comes first.
    assertThatThrownBy(() -> client.call("order", "not an order", Integer.class))
        .isInstanceOf(UnauthenticatedException.class)
        .hasMessage("Unauthenticated: nobody gets in");
    assertThat(ran).hasValue(0);

    ZeroServer open = server(b -> { }, s -> s.register("order", Order.class, o -> ran.incrementAndGet()));
    assertThatThrownBy(() -> client(open, b -> { }).call("order", "not an order", Integer.class))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void bearerTokensLetTheRightCallerInAndNobodyElse() {
    ZeroServer server = server(b -> b.intercept(BearerTokens.server(List.of("s3cret", "n3xt"))),
        s -> s.register("echo", String.class, x -> x));

    assertThat(client(server, b -> b.intercept(BearerTokens.client("s3cret"))).call("echo", "hi", String.class))
        .isEqualTo("hi");
    assertThat(client(server, b -> b.intercept(BearerTokens.client("n3xt"))).call("echo", "hi", String.class))
        .isEqualTo("hi");
    assertThatThrownBy(() -> client(server, b -> { }).call("echo", "hi", String.class))
        .isInstanceOf(UnauthenticatedException.class)
        .hasMessage("Unauthenticated: the call carries no bearer token (metadata `authorization`)");
    ZeroClient wrong = client(server, b -> b.intercept(BearerTokens.client("guess")));
    assertThatThrownBy(() -> wrong.call("echo", "hi", String.class))
        .isInstanceOf(UnauthenticatedException.class)
        .hasMessage("Unauthenticated: the bearer token is not accepted");
    // Without the token, a caller does not learn which functions exist; with it, it does.
    assertThatThrownBy(() -> wrong.call("nope", "hi", String.class)).isInstanceOf(UnauthenticatedException.class);
    ZeroClient right = client(server, b -> b.intercept(BearerTokens.client("s3cret")));
    assertThatThrownBy(() -> right.call("nope", "hi", String.class)).isInstanceOf(FunctionNotFoundException.class);
    // A refused caller disturbs nobody: the same server answers the right one.
    assertThat(right.call("echo", "still here", String.class)).isEqualTo("still here");
  }

  @Test
  void clientInterceptorsRunInOrderAddMetadataAndSeeTheOutcome() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    ClientInterceptor outer = (call, next) -> {
      events.add("outer " + call.function() + " " + call.timeout().toMillis());
      return next.proceed(call.withMetadata("tenant", "outer")).whenComplete((v, e) -> events.add("outer got " + v));
    };
    ClientInterceptor inner = (call, next) -> {
      events.add("inner sees " + call.metadata().get("tenant"));
      return next.proceed(call.withMetadata("region", "eu")).whenComplete((v, e) -> events.add("inner got " + v));
    };
    ZeroServer server = server(b -> { }, AbstractInterceptorTest::whoami);
    ZeroClient client = client(server, b -> b.intercept(outer).intercept(inner).timeout(Duration.ofSeconds(4)));

    assertThat(client.call("metadata", Map.class)).isEqualTo(Map.of("tenant", "outer", "region", "eu"));
    assertThat(events).containsExactly("outer metadata 4000", "inner sees outer", "inner got {tenant=outer, region=eu}",
        "outer got {tenant=outer, region=eu}");
    // Async calls and failures go through them too.
    events.clear();
    CompletableFuture<String> missing = client.async().call("nope", String.class);
    assertThatThrownBy(() -> missing.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(FunctionNotFoundException.class);
    assertThat(events).containsExactly("outer nope 4000", "inner sees outer", "inner got null", "outer got null");
  }

  @Test
  void aClientInterceptorThatThrowsFailsTheCallUnsent() {
    AtomicInteger ran = new AtomicInteger();
    ZeroServer server = server(b -> { }, s -> s.register("count", () -> ran.incrementAndGet()));
    ZeroClient client = client(server, b -> b.intercept((call, next) -> {
      throw new IllegalStateException("no calls today");
    }));
    assertThatThrownBy(() -> client.call("count", Integer.class))
        .isInstanceOf(io.zeroapi.ZeroException.class)
        .hasMessageContaining("no calls today");
    assertThat(ran).hasValue(0);
  }

  @Test
  void aServerThatReadsRequestsLikeTheOriginalGetsTheOriginalsBytesAndStillAnswers() throws Exception {
    try (OriginalLikeServer original = OriginalLikeServer.start(protocol())) {
      ZeroClient client = ZeroClient.builder("127.0.0.1", original.port()).protocol(protocol())
          .intercept(BearerTokens.client("t0ken")).build();
      open.add(0, client);
      assertThat(client.withMetadata(Metadata.of("tenant", "acme")).call("echo", "hi", String.class)).isEqualTo("hi");
      assertThat(client.async().call("echo", "again", String.class).get(5, TimeUnit.SECONDS)).isEqualTo("again");

      assertThat(original.dropped()).isZero();
      List<byte[]> requests = original.requests();
      assertThat(requests).hasSize(3); // the question (connect), then the two calls
      byte[] echoHi = requests.get(1);
      if (protocol() == Protocol.TCP) {
        // Byte for byte the original client's envelope (spec 2.3's example): no "headers" entry.
        assertThat(WireCaptures.hex(echoHi)).isEqualTo("82a2666ea46563686fa464617461a26869");
      } else {
        // One frame: 16-byte id, "echo" padded to 80 bytes, the argument (spec 2.2's example).
        assertThat(echoHi).hasSize(99);
        assertThat(WireCaptures.hex(java.util.Arrays.copyOfRange(echoHi, 16, 99)))
            .isEqualTo("6563686f" + "20".repeat(76) + "a26869");
      }
    }
  }

  @Test
  void aFunctionThatCallsAnotherServerPassesOnTheTimeItsCallerLeftIt() {
    ZeroServer downstream = server(b -> { }, AbstractInterceptorTest::whoami);
    ZeroClient toDownstream = client(downstream, b -> b.timeout(Duration.ofSeconds(30)));
    ZeroClient toDownstreamQuiet = client(downstream, b -> b.timeout(Duration.ofSeconds(30)).deadlinePropagation(false));
    ZeroServer upstream = server(b -> { }, s -> {
      s.register("relay", () -> toDownstream.call("remaining_ms", Long.class));
      s.register("relay_quiet", () -> toDownstreamQuiet.call("remaining_ms", Long.class));
    });
    ZeroClient client = client(upstream, b -> { });
    // The downstream client's own timeout is 30 s; the caller upstream waits 2 s.
    assertThat(client.call("relay", null, Long.class, Duration.ofSeconds(2))).isBetween(1L, 2_000L);
    assertThat(client.call("relay_quiet", null, Long.class, Duration.ofSeconds(2))).isEqualTo(-1L);
  }

  @Test
  void aFunctionWithTheLongestNameGetsItsMetadataToo() {
    String longest = "f".repeat(80); // on ZeroMQ no room is left for the header's mark: it travels as a second frame
    ZeroServer server = server(b -> { },
        s -> s.register(longest, () -> String.valueOf(ServerCall.current().metadata().get("tenant"))));
    ZeroClient client = client(server, b -> { });
    assertThat(client.withMetadata(Metadata.of("tenant", "acme")).call(longest, String.class)).isEqualTo("acme");
  }
}
