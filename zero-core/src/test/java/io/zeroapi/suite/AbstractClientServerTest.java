package io.zeroapi.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.zeroapi.AsyncZeroClient;
import io.zeroapi.CallTimeoutException;
import io.zeroapi.ConnectionException;
import io.zeroapi.ContractMismatchException;
import io.zeroapi.FunctionNotFoundException;
import io.zeroapi.Protocol;
import io.zeroapi.RemoteException;
import io.zeroapi.Rpc;
import io.zeroapi.ServerUnavailableException;
import io.zeroapi.TooManyPendingCallsException;
import io.zeroapi.TypeRef;
import io.zeroapi.ValidationException;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroException;
import io.zeroapi.ZeroServer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client/server acceptance suite, written once and run on every transport: the original's
 * acceptance cases (spec §7) that apply, plus the lifecycle and failure cases of the foundation
 * issue. A subclass per transport supplies {@link #protocol()} and says where the transports
 * differ ({@link #expectedUnreachableException()}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class AbstractClientServerTest {

  /** The transport under test. */
  protected abstract Protocol protocol();

  /**
   * The exception of a call made while no server listens at the address (never started, or
   * stopped): transports differ here, and each says which one it gives.
   */
  protected abstract Class<? extends ZeroException> expectedUnreachableException();

  public record Order(long id, double price, String name, Instant created_at, List<String> items) {}

  public enum Color { RED, GREEN, BLUE }

  public static final class Greeter {
    @Rpc
    public String greet(String name) {
      return "hello " + name;
    }

    @Rpc("count_letters")
    public int count(String text) {
      return text.length();
    }

    @Rpc
    public CompletableFuture<String> later() {
      return CompletableFuture.supplyAsync(() -> "later", CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS));
    }
  }

  protected ZeroServer server;
  protected final AtomicInteger sideEffects = new AtomicInteger();
  /** A permit per call of {@code sleep} that has started on the server. */
  protected final Semaphore sleepsStarted = new Semaphore(0);
  /** The replies of the {@code held} calls running on the server: the test completes them. */
  protected final BlockingQueue<CompletableFuture<String>> heldCalls = new LinkedBlockingQueue<>();

  @BeforeEach
  void startServer() {
    server = newServer(0);
    server.start();
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  protected ZeroServer newServer(int port) {
    ZeroServer created = ZeroServer.builder()
        .host("127.0.0.1")
        .port(port)
        .protocol(protocol())
        .shutdownGracePeriod(Duration.ofSeconds(2))
        .build();
    created.register("hello_world", () -> "hello world");
    created.register("echo", String.class, message -> message);
    created.register("echo_object", Object.class, value -> value);
    created.register("echo_bool", boolean.class, value -> value);
    created.register("echo_int", int.class, value -> value);
    created.register("echo_long", Long.class, value -> value);
    created.register("echo_double", double.class, value -> value);
    created.register("echo_bytes", byte[].class, value -> value);
    created.register("echo_int_list", new TypeRef<List<Integer>>() {}, value -> value);
    created.register("echo_int_set", new TypeRef<Set<Integer>>() {}, value -> value);
    created.register("echo_int_map", new TypeRef<Map<Integer, String>>() {}, value -> value);
    created.register("echo_orders_by_user", new TypeRef<Map<String, List<Order>>>() {}, value -> value);
    created.register("echo_order", Order.class, value -> value);
    created.register("echo_color", Color.class, value -> value);
    created.register("echo_instant", Instant.class, value -> value);
    created.register("echo_local_date_time", LocalDateTime.class, value -> value);
    created.register("echo_local_date", LocalDate.class, value -> value);
    created.register("echo_local_time", LocalTime.class, value -> value);
    created.register("echo_uuid", UUID.class, value -> value);
    created.register("echo_decimal", BigDecimal.class, value -> value);
    created.register("echo_optional", new TypeRef<Optional<Integer>>() {}, value -> value.orElse(0));
    created.register("sum_list", new TypeRef<List<Integer>>() {}, list -> list.stream().mapToInt(Integer::intValue).sum());
    created.register("fail", String.class, message -> {
      throw new IllegalStateException(message);
    });
    created.register("sleep", int.class, millis -> {
      sleepsStarted.release();
      Thread.sleep(millis); // on purpose: the original's test function for work that takes time
      return "slept for " + millis + " msecs";
    });
    created.registerAsync("sleep_async", int.class, millis ->
        CompletableFuture.supplyAsync(() -> "slept for " + millis + " msecs",
            CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS)));
    created.registerAsync("held", String.class, tag -> {
      CompletableFuture<String> reply = new CompletableFuture<>();
      heldCalls.add(reply);
      return reply;
    });
    created.register("record_side_effect", () -> {
      sideEffects.incrementAndGet();
      return null;
    });
    created.registerService(new Greeter());
    created.registerService(new TypedOrders()); // the functions of OrderApi, named by its annotations
    return created;
  }

  protected ZeroClient.Builder clientBuilder() {
    return ZeroClient.builder("127.0.0.1", server.port()).protocol(protocol());
  }

  protected ZeroClient client() {
    return clientBuilder().build();
  }

  // --- calls that succeed ---------------------------------------------------------------------

  @Test
  void helloWorldWithoutArgument() {
    try (ZeroClient client = client()) {
      assertThat(client.call("hello_world", String.class)).isEqualTo("hello world");
      assertThat(client.call("hello_world", null, String.class)).isEqualTo("hello world");
    }
  }

  @Test
  void echoesEverySupportedType() {
    Instant instant = Instant.parse("2024-05-06T07:08:09.123456Z");
    Order order = new Order(41, 10.25, "widget", instant, List.of("a", "b"));
    try (ZeroClient client = client()) {
      assertThat(client.call("echo", "hello", String.class)).isEqualTo("hello");
      assertThat(client.call("echo", "ünïcødé ✓", String.class)).isEqualTo("ünïcødé ✓");
      assertThat(client.call("echo_bool", true, Boolean.class)).isTrue();
      assertThat(client.call("echo_int", 42, Integer.class)).isEqualTo(42);
      assertThat(client.call("echo_int", -7, int.class)).isEqualTo(-7);
      assertThat(client.call("echo_long", Long.MIN_VALUE, Long.class)).isEqualTo(Long.MIN_VALUE);
      assertThat(client.call("echo_double", 3.14, Double.class)).isEqualTo(3.14);
      assertThat(client.call("echo_bytes", new byte[] {0, 1, (byte) 0xff}, byte[].class)).containsExactly(0, 1, 0xff);
      assertThat(client.call("echo_int_list", List.of(1, 2, 3), new TypeRef<List<Integer>>() {})).containsExactly(1, 2, 3);
      assertThat(client.call("echo_int_set", Set.of(1, 2, 3), new TypeRef<Set<Integer>>() {})).containsExactlyInAnyOrder(1, 2, 3);
      assertThat(client.call("echo_int_map", Map.of(1, "one", 2, "two"), new TypeRef<Map<Integer, String>>() {}))
          .containsExactlyInAnyOrderEntriesOf(Map.of(1, "one", 2, "two"));
      assertThat(client.call("echo_order", order, Order.class)).isEqualTo(order);
      Map<String, List<Order>> byUser = new LinkedHashMap<>();
      byUser.put("alice", List.of(order, new Order(2, 0.5, "b", instant.plusSeconds(1), List.of())));
      byUser.put("bob", List.of());
      assertThat(client.call("echo_orders_by_user", byUser, new TypeRef<Map<String, List<Order>>>() {})).isEqualTo(byUser);
      assertThat(client.call("echo_color", Color.GREEN, Color.class)).isEqualTo(Color.GREEN);
      assertThat(client.call("echo_instant", instant, Instant.class)).isEqualTo(instant);
      LocalDateTime naive = LocalDateTime.of(2021, 4, 2, 18, 18, 10, 123_000);
      assertThat(client.call("echo_local_date_time", naive, LocalDateTime.class)).isEqualTo(naive);
      assertThat(client.call("echo_local_date", LocalDate.of(2024, 2, 29), LocalDate.class)).isEqualTo(LocalDate.of(2024, 2, 29));
      assertThat(client.call("echo_local_time", LocalTime.of(23, 59, 1), LocalTime.class)).isEqualTo(LocalTime.of(23, 59, 1));
      UUID uuid = UUID.randomUUID();
      assertThat(client.call("echo_uuid", uuid, UUID.class)).isEqualTo(uuid);
      assertThat(client.call("echo_decimal", new BigDecimal("10.1"), BigDecimal.class)).isEqualTo(new BigDecimal("10.1"));
      assertThat(client.call("echo_optional", 5, Integer.class)).isEqualTo(5);
      assertThat(client.call("echo_optional", null, Integer.class)).isEqualTo(0);
      assertThat(client.call("sum_list", List.of(1, 2, 3), Integer.class)).isEqualTo(6);
    }
  }

  @Test
  void untypedResultsComeBackAsPlainValues() {
    try (ZeroClient client = client()) {
      Object list = client.call("echo_object", List.of(1, "a", true), Object.class);
      assertThat(list).isEqualTo(List.of(1L, "a", true));
      Object map = client.call("echo_object", Map.of("k", 1.5), Object.class);
      assertThat(map).isEqualTo(Map.of("k", 1.5));
    }
  }

  @Test
  void annotatedServiceMethodsAreFunctions() {
    try (ZeroClient client = client()) {
      assertThat(client.call("greet", "ada", String.class)).isEqualTo("hello ada");
      assertThat(client.call("count_letters", "abcd", Integer.class)).isEqualTo(4);
      assertThat(client.call("later", String.class)).isEqualTo("later");
    }
  }

  @Test
  void voidResultTravelsAsNil() {
    try (ZeroClient client = client()) {
      assertThat(client.call("record_side_effect", Object.class)).isNull();
      assertThat(client.call("record_side_effect", Void.class)).isNull();
      assertThat(sideEffects).hasValue(2);
    }
  }

  @Test
  void asyncClientCallsComplete() throws Exception {
    try (AsyncZeroClient client = clientBuilder().buildAsync()) {
      CompletableFuture<String> hello = client.call("hello_world", String.class);
      CompletableFuture<String> echo = client.call("echo", "hello", String.class);
      CompletableFuture<String> slept = client.call("sleep_async", 20, String.class);
      assertThat(hello.get(5, TimeUnit.SECONDS)).isEqualTo("hello world");
      assertThat(echo.get(5, TimeUnit.SECONDS)).isEqualTo("hello");
      assertThat(slept.get(5, TimeUnit.SECONDS)).isEqualTo("slept for 20 msecs");
    }
  }

  // --- calls that fail --------------------------------------------------------------------------

  @Test
  void unknownFunctionIsFunctionNotFound() {
    try (ZeroClient client = client()) {
      assertThatThrownBy(() -> client.call("necho", "hello", String.class))
          .isInstanceOf(FunctionNotFoundException.class)
          .hasMessage("Function `necho` not found!");
    }
  }

  @Test
  void asyncFuturesFailWithTheSameTypes() {
    try (AsyncZeroClient client = clientBuilder().buildAsync()) {
      CompletableFuture<String> missing = client.call("necho", "x", String.class);
      assertThatThrownBy(() -> missing.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(FunctionNotFoundException.class);
      CompletableFuture<String> failing = client.call("fail", "boom", String.class);
      assertThatThrownBy(() -> failing.get(5, TimeUnit.SECONDS))
          .cause().isInstanceOf(RemoteException.class).hasMessage("IllegalStateException('boom')");
    }
  }

  @Test
  void functionThatThrowsIsRemoteExceptionWithTheRemoteText() {
    try (ZeroClient client = client()) {
      for (int i = 0; i < 5; i++) {
        assertThatThrownBy(() -> client.call("fail", "boom", String.class))
            .isInstanceOf(RemoteException.class)
            .hasMessage("IllegalStateException('boom')");
      }
      // the server and the connection survive errors
      assertThat(client.call("sum_list", List.of(10, 2), Integer.class)).isEqualTo(12);
    }
  }

  @Test
  void argumentOfTheWrongTypeIsValidationError() {
    try (ZeroClient client = client()) {
      assertThatThrownBy(() -> client.call("echo_int", "not a number", Integer.class))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("Expected `int`, got `str`");
      assertThatThrownBy(() -> client.call("sum_list", List.of(1, "two"), Integer.class))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("Expected `int`, got `str`")
          .hasMessageContaining("$[1]");
      assertThatThrownBy(() -> client.call("echo_int", null, Integer.class))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("got `None`");
    }
  }

  /** Issue 16: msgspec's texts and paths, byte for byte, over each transport (both decode typed). */
  @Test
  void validationTextsAndPathsAreMsgspecs() {
    try (ZeroClient client = client()) {
      assertThatThrownBy(() -> client.call("sum_list", Arrays.asList(1, null), Integer.class))
          .isInstanceOf(ValidationException.class)
          .hasMessage("Expected `int`, got `None` - at `$[1]`");
      assertThatThrownBy(() -> client.call("echo_int_map", Map.of("a", "b"), Object.class))
          .isInstanceOf(ValidationException.class)
          .hasMessage("Expected `int`, got `str` - at `key` in `$`");
      assertThatThrownBy(() -> client.call("echo_int_map", Map.of(1, 2), Object.class))
          .isInstanceOf(ValidationException.class)
          .hasMessage("Expected `str`, got `int` - at `$[...]`");
      assertThatThrownBy(() -> client.call("echo_optional", "x", Integer.class))
          .isInstanceOf(ValidationException.class)
          .hasMessage("Expected `int | null`, got `str`");
    }
  }

  @Test
  void missingArgumentForADeclaredTypeIsValidationErrorNotANullInTheFunction() {
    try (ZeroClient client = client()) {
      // no argument (nil on TCP, no bytes on ZeroMQ) for a String parameter: msgspec's wording
      assertThatThrownBy(() -> client.call("echo", null, String.class))
          .isInstanceOf(ValidationException.class)
          .hasMessage("Expected `str`, got `None`");
      assertThatThrownBy(() -> client.call("echo_int_list", null, Integer.class))
          .isInstanceOf(ValidationException.class)
          .hasMessage("Expected `array`, got `None`");
      assertThatThrownBy(() -> client.call("echo_order", null, Order.class))
          .isInstanceOf(ValidationException.class)
          .hasMessage("Expected `object`, got `None`");
      // an Optional parameter takes the missing argument as empty
      assertThat(client.call("echo_optional", null, Integer.class)).isZero();
      // a naive date-time for an Instant names no instant: refused, not read as UTC
      assertThatThrownBy(() -> client.call("echo_instant", "2024-05-06T07:08:09", Instant.class))
          .isInstanceOf(ValidationException.class)
          .hasMessage("Expected `datetime` with a timezone component");
    }
  }

  @Test
  void oneClientCallsBothWaysOnTheSameConnections() throws Exception {
    try (ZeroClient client = client()) {
      AsyncZeroClient async = client.async();
      assertThat(async.blocking()).isSameAs(client);
      assertThat(client.async()).isSameAs(async);
      CompletableFuture<String> later = async.call("echo", "async", String.class);
      assertThat(client.call("echo", "blocking", String.class)).isEqualTo("blocking");
      assertThat(later.get(5, TimeUnit.SECONDS)).isEqualTo("async");
      async.close(); // closes the client it is a view of
      assertThatThrownBy(() -> client.call("echo", "x", String.class)).isInstanceOf(ConnectionException.class);
    }
  }

  @Test
  void shuttingDownServerRefusesNewCallsWithARetryableException() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    server.register("hold", () -> {
      running.countDown();
      release.await();
      return "held";
    });
    try (ZeroClient client = clientBuilder().timeout(Duration.ofSeconds(10)).build()) {
      CompletableFuture<String> held = client.async().call("hold", String.class);
      assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
      Thread closing = Thread.ofVirtual().start(server::close); // waits for "hold" (grace period)
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThatThrownBy(() -> client.call("echo", "x", String.class))
              .isInstanceOf(ServerUnavailableException.class)
              .isInstanceOf(RemoteException.class) // a subtype: old catch blocks still see it
              .hasMessageStartingWith("Server is shutting down"));
      release.countDown();
      assertThat(held.get(5, TimeUnit.SECONDS)).isEqualTo("held");
      closing.join(5_000);
    } finally {
      release.countDown();
    }
  }

  @Test
  void resultOfTheWrongTypeIsValidationErrorOnTheClient() {
    try (ZeroClient client = client()) {
      assertThatThrownBy(() -> client.call("echo", "text", Integer.class))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("Expected `int`, got `str`");
    }
  }

  @Test
  void argumentThatCannotBeEncodedFailsBeforeSending() {
    try (ZeroClient client = client()) {
      assertThatThrownBy(() -> client.call("echo_object", new Thread(), Object.class))
          .isInstanceOf(ValidationException.class);
      assertThat(client.call("echo", "still fine", String.class)).isEqualTo("still fine");
    }
  }

  /**
   * An argument over the client's maxFrameBytes is refused before it is sent, at once (the future
   * is already failed when the call returns), instead of being dropped by the server's socket
   * (ZeroMQ) or closing the connection (TCP) while the caller waits out its timeout.
   */
  @Test
  void anArgumentOverTheClientsFrameLimitIsRefusedBeforeSending() throws Exception {
    try (ZeroClient client = clientBuilder().maxFrameBytes(1024).timeout(Duration.ofSeconds(30)).build()) {
      String small = "x".repeat(900);
      assertThat(client.call("echo", small, String.class)).isEqualTo(small);
      CompletableFuture<String> refused = client.async().call("echo", "x".repeat(2000), String.class);
      assertThat(refused).isCompletedExceptionally();
      assertThatThrownBy(refused::join)
          .hasCauseInstanceOf(ValidationException.class)
          .cause()
          .hasMessageStartingWith("Argument of `echo` not sent: ")
          .hasMessageContaining("over the limit of 1024 bytes (maxFrameBytes)")
          .hasMessageMatching(".*: 20\\d\\d bytes encoded.*");
      assertThatThrownBy(() -> client.call("echo", "x".repeat(2000), String.class))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("`echo`");
      assertThat(client.call("echo", small, String.class)).as("the client still works").isEqualTo(small);
    }
  }

  /**
   * A result that would make a reply frame longer than the server's maxFrameBytes is not sent: that
   * call fails with an error naming the limit, and the calls in flight beside it on the same
   * connection, and those after it, are served (a client with the same limit used to drop the
   * connection, failing them all). The largest result that fits is sent.
   */
  @Test
  void aResultOverTheFrameLimitIsAnErrorForThatCallOnly() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ZeroServer limited = ZeroServer.builder().host("127.0.0.1").port(0).protocol(protocol()).maxFrameBytes(1024).build();
    limited.register("repeat", int.class, n -> "x".repeat(n));
    limited.register("wait", String.class, tag -> {
      running.countDown();
      release.await();
      return tag;
    });
    limited.start();
    try (AsyncZeroClient client = ZeroClient.builder("127.0.0.1", limited.port()).protocol(protocol())
        .maxFrameBytes(1024).timeout(Duration.ofSeconds(10)).buildAsync()) {
      CompletableFuture<String> beside = client.call("wait", "beside", String.class);
      assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<String> big = client.call("repeat", 5000, String.class);
      assertThatThrownBy(() -> big.get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(RemoteException.class)
          .hasMessageContaining("The result of `repeat` is 5003 bytes encoded, over the frame limit of 1024 bytes (maxFrameBytes)");
      release.countDown();
      assertThat(beside.get(5, TimeUnit.SECONDS)).as("the call in flight beside it").isEqualTo("beside");
      // The largest string that fits: 1024 minus the frame's own bytes minus a str16 header (3)
      int fits = 1024 - (protocol() == Protocol.TCP ? 5 : 0) - 3;
      assertThat(client.call("repeat", fits, String.class).get(5, TimeUnit.SECONDS)).hasSize(fits);
      assertThatThrownBy(() -> client.call("repeat", fits + 1, String.class).get(5, TimeUnit.SECONDS))
          .hasMessageContaining("is " + (fits + 4) + " bytes encoded");
      assertThat(client.call("wait", "after", String.class).get(5, TimeUnit.SECONDS)).isEqualTo("after");
    } finally {
      release.countDown();
      limited.close();
    }
  }

  /**
   * A client at its cap of calls waiting for replies (maxPendingCalls) refuses the next call at once,
   * unsent, with TooManyPendingCallsException, from the async and the blocking API alike; a call
   * that completes, or times out, frees its place.
   */
  @Test
  void callsBeyondTheClientsPendingCapFailAtOnceUnsent() throws Exception {
    try (ZeroClient client = clientBuilder().maxPendingCalls(2).timeout(Duration.ofSeconds(10)).build()) {
      CompletableFuture<String> a = client.async().call("held", "a", String.class);
      CompletableFuture<String> b = client.async().call("held", "b", String.class);
      CompletableFuture<String> first = heldCall();
      CompletableFuture<String> second = heldCall();

      CompletableFuture<String> refused = client.async().call("held", "c", String.class);
      assertThat(refused).as("failed at once").isCompletedExceptionally();
      assertThatThrownBy(refused::join)
          .hasCauseInstanceOf(TooManyPendingCallsException.class)
          .hasMessageContaining("Call to `held` not sent: 2 calls of this client are waiting for their replies (maxPendingCalls)");
      assertThatThrownBy(() -> client.call("echo", "x", String.class)).isInstanceOf(TooManyPendingCallsException.class);
      assertThat(heldCalls).as("nothing more reached the server").isEmpty();

      first.complete("one");
      second.complete("two");
      assertThat(List.of(a.get(5, TimeUnit.SECONDS), b.get(5, TimeUnit.SECONDS))).containsExactlyInAnyOrder("one", "two");
      assertThat(client.call("echo", "x", String.class)).isEqualTo("x");
      // a timed-out call frees its place too
      assertThatThrownBy(() -> client.call("held", "late", String.class, Duration.ofMillis(200)))
          .isInstanceOf(CallTimeoutException.class);
      assertThatThrownBy(() -> client.call("held", "late", String.class, Duration.ofMillis(200)))
          .isInstanceOf(CallTimeoutException.class);
      assertThat(client.call("echo", "y", String.class)).isEqualTo("y");
      heldCall().complete("late"); // they reached the server: release them
      heldCall().complete("late");
    }
  }

  // --- timeouts -------------------------------------------------------------------------------

  @Test
  void timeoutThenSuccessDiscardsTheStaleReply() throws Exception {
    try (ZeroClient client = clientBuilder().timeout(Duration.ofMillis(100)).build()) {
      // connected first, so that the next call is sent (and reaches the server) before it times out
      assertThat(client.call("echo", "warm up", String.class, Duration.ofSeconds(5))).isEqualTo("warm up");
      assertThatThrownBy(() -> client.call("held", "late", String.class))
          .isInstanceOf(CallTimeoutException.class);
      CompletableFuture<String> late = heldCall();
      assertThat(client.call("sleep", 1, String.class)).isEqualTo("slept for 1 msecs");
      // The late reply comes in while the next call waits for its own: the server queues it inside
      // complete(), before the next call's, and replies leave in order on the one connection. It
      // must not be taken by that call, nor by any later one.
      CompletableFuture<String> next = CompletableFuture.supplyAsync(
          () -> client.call("held", "next", String.class, Duration.ofSeconds(5)));
      CompletableFuture<String> nextOnServer = heldCall();
      late.complete("late");
      nextOnServer.complete("next");
      assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo("next");
      assertThat(client.call("sleep", 2, String.class)).isEqualTo("slept for 2 msecs");
      assertThatThrownBy(() -> client.call("held", "late too", String.class, Duration.ofMillis(50)))
          .isInstanceOf(CallTimeoutException.class);
      heldCall().complete("late too");
      assertThat(client.call("echo", "after", String.class, Duration.ofSeconds(2))).isEqualTo("after");
    }
  }

  @Test
  void hundredCallsWithRandomTimeouts() throws Exception {
    try (AsyncZeroClient client = clientBuilder().buildAsync()) {
      int[] sleeps = new int[100];
      List<CompletableFuture<String>> calls = new ArrayList<>();
      for (int i = 0; i < sleeps.length; i++) {
        sleeps[i] = ThreadLocalRandom.current().nextInt(10, 101);
        calls.add(client.call("sleep", sleeps[i], String.class, Duration.ofMillis(50)));
      }
      int timeouts = 0;
      int longSleeps = 0;
      for (int i = 0; i < sleeps.length; i++) {
        if (sleeps[i] > 65) {
          longSleeps++;
        }
        try {
          assertThat(calls.get(i).get(5, TimeUnit.SECONDS)).isEqualTo("slept for " + sleeps[i] + " msecs");
        } catch (ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(CallTimeoutException.class);
          timeouts++;
        }
      }
      assertThat(timeouts).isGreaterThanOrEqualTo(longSleeps);
    }
  }

  // --- concurrency ----------------------------------------------------------------------------

  @Test
  void twoHundredConcurrentCallsFromManyThreadsGetTheirOwnReplies() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(16);
    try (ZeroClient client = client()) {
      List<Future<String>> replies = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String message = "message-" + i + "-" + UUID.randomUUID();
        replies.add(threads.submit(() -> {
          String reply = client.call("echo", message, String.class);
          assertThat(reply).isEqualTo(message);
          return reply;
        }));
      }
      for (Future<String> reply : replies) {
        assertThat(reply.get(30, TimeUnit.SECONDS)).startsWith("message-");
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void slowFunctionsRunConcurrently() throws Exception {
    try (AsyncZeroClient client = clientBuilder().buildAsync()) {
      long start = System.nanoTime();
      List<CompletableFuture<String>> calls = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        calls.add(client.call(i % 2 == 0 ? "sleep" : "sleep_async", 300, String.class));
      }
      for (CompletableFuture<String> call : calls) {
        assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("slept for 300 msecs");
      }
      // run one after another they would take 3 s; concurrently a little over 0.3 s
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_500));
    }
  }

  // --- lifecycle ------------------------------------------------------------------------------

  @Test
  void serverNotRunningFailsFastWithoutHanging() {
    int port = server.port();
    server.close();
    try (ZeroClient client = ZeroClient.builder("127.0.0.1", port).protocol(protocol()).timeout(Duration.ofMillis(500)).build()) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> client.call("hello_world", String.class))
          .isInstanceOf(expectedUnreachableException());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void aPortInUseSaysAddressAlreadyInUse() {
    ZeroServer second = newServer(server.port());
    assertThatThrownBy(second::start)
        .isInstanceOf(ConnectionException.class)
        .hasMessageStartingWith("Cannot bind ")
        .hasMessageEndingWith(":" + server.port() + ": Address already in use");
    second.close();
  }

  /**
   * One line for the caller, as on TCP: the client's name of the host, and no WARN or ERROR log
   * line (with a stack trace) besides.
   */
  @Test
  void anUnknownHostIsAOneLineConnectionError() {
    ch.qos.logback.classic.Logger zeroLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.zeroapi");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
        new ch.qos.logback.core.read.ListAppender<>();
    logged.start();
    zeroLog.addAppender(logged);
    try (ZeroClient client = ZeroClient.builder("no-such-host.invalid", 5559).protocol(protocol())
        .timeout(Duration.ofSeconds(30)).build()) {
      assertThatThrownBy(() -> client.call("hello_world", String.class))
          .isInstanceOf(ConnectionException.class)
          .hasMessageStartingWith("Cannot connect to no-such-host.invalid:5559: unknown host no-such-host.invalid")
          .hasMessageNotContaining("\n");
      assertThatThrownBy(() -> client.call("hello_world", String.class))
          .as("and again on the next call")
          .isInstanceOf(ConnectionException.class)
          .hasMessageContaining("unknown host no-such-host.invalid");
    } finally {
      zeroLog.detachAppender(logged);
    }
    assertThat(logged.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN)
        && e.getThreadName().startsWith("zero-")).isEmpty();
  }

  /** An IPv6 address, as `zero call '[::1]:5559'` passes it (skipped where the loopback has no IPv6). */
  @Test
  void ipv6Works() {
    org.junit.jupiter.api.Assumptions.assumeTrue(ipv6LoopbackAvailable(), "no IPv6 loopback here");
    ZeroServer v6 = ZeroServer.builder().host("::1").port(0).protocol(protocol())
        .shutdownGracePeriod(Duration.ofSeconds(1)).build();
    v6.register("hello_world", () -> "hello world");
    v6.start();
    try (ZeroClient client = ZeroClient.builder("::1", v6.port()).protocol(protocol())
        .timeout(Duration.ofSeconds(30)).build()) {
      assertThat(client.call("hello_world", String.class)).isEqualTo("hello world");
    } finally {
      v6.close();
    }
  }

  private static boolean ipv6LoopbackAvailable() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("::1"))) {
      return socket.getLocalPort() > 0;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void clientReconnectsAfterServerRestart() {
    int port = server.port();
    try (ZeroClient client = clientBuilder().timeout(Duration.ofMillis(500)).build()) {
      assertThat(client.call("echo", "before", String.class)).isEqualTo("before");
      server.close();
      assertThatThrownBy(() -> client.call("echo", "while down", String.class))
          .isInstanceOf(expectedUnreachableException());
      server = newServer(port);
      server.start();
      await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).ignoreExceptionsInstanceOf(ZeroException.class)
          .until(() -> "after".equals(client.call("echo", "after", String.class)));
    }
  }

  @Test
  void closingTheClientFailsCallsInFlight() throws Exception {
    AsyncZeroClient client = clientBuilder().timeout(Duration.ofSeconds(10)).buildAsync();
    assertThat(client.call("echo", "warm up", String.class).get(5, TimeUnit.SECONDS)).isEqualTo("warm up");
    CompletableFuture<String> inFlight = client.call("held", "in flight", String.class);
    CompletableFuture<String> running = heldCall();
    client.close();
    assertThatThrownBy(() -> inFlight.get(2, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(ConnectionException.class);
    CompletableFuture<String> afterClose = client.call("echo", "x", String.class);
    assertThatThrownBy(() -> afterClose.get(2, TimeUnit.SECONDS)).cause().isInstanceOf(ConnectionException.class);
    running.complete("too late"); // its reply finds no client
  }

  @Test
  void closingTheServerLetsCallsInFlightFinish() throws Exception {
    try (AsyncZeroClient client = clientBuilder().buildAsync()) {
      CompletableFuture<String> inFlight = client.call("sleep", 500, String.class);
      assertThat(sleepsStarted.tryAcquire(5, TimeUnit.SECONDS)).as("the call runs on the server").isTrue();
      server.close();
      assertThat(inFlight.get(5, TimeUnit.SECONDS)).isEqualTo("slept for 500 msecs");
    }
  }

  @Test
  void callsBeyondTheServersCapAreRefusedAsBusyAndLoseNothing() throws Exception {
    CountDownLatch running = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    ZeroServer capped = cappedServer(2, running, release);
    try (AsyncZeroClient client = ZeroClient.builder("127.0.0.1", capped.port()).protocol(protocol())
        .timeout(Duration.ofSeconds(10)).buildAsync()) {
      CompletableFuture<String> first = client.call("wait", "a", String.class);
      CompletableFuture<String> second = client.call("wait", "b", String.class);
      assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

      CompletableFuture<String> third = client.call("wait", "c", String.class);
      assertThatThrownBy(() -> third.get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(ServerUnavailableException.class) // retryable: the function did not run
          .hasMessageContaining("Server is busy")
          .hasMessageContaining("2 calls are running");

      release.countDown();
      assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("a");
      assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("b");
      assertThat(client.call("wait", "d", String.class).get(5, TimeUnit.SECONDS)).isEqualTo("d");
    } finally {
      release.countDown();
      capped.close();
    }
  }

  // --- the contract (zero.contract) -----------------------------------------------------------

  @SuppressWarnings("unchecked")
  private static Map<String, Object> function(Map<String, Object> contract, String name) {
    return ((List<Map<String, Object>>) contract.get("functions")).stream()
        .filter(f -> name.equals(f.get("name"))).findFirst()
        .orElseThrow(() -> new AssertionError("no function " + name + " in the contract"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> contract(ZeroClient client) {
    return (Map<String, Object>) client.call("zero.contract", null, Object.class);
  }

  @Test
  @SuppressWarnings("unchecked")
  void contractDescribesEveryFunction() {
    try (ZeroClient client = client()) {
      Map<String, Object> contract = contract(client);
      assertThat(contract).containsEntry("zero_contract", "1.0")
          .containsEntry("protocol", protocol() == Protocol.TCP ? "tcp" : "zmq");
      assertThat((Map<String, Object>) contract.get("server")).containsEntry("name", "zero-java").containsKey("version");
      List<Object> names = ((List<Map<String, Object>>) contract.get("functions")).stream().map(f -> f.get("name")).toList();
      assertThat(names).containsSubsequence("hello_world", "echo", "echo_object").contains("greet", "later")
          .doesNotContain("zero.contract");

      assertThat(function(contract, "hello_world")).containsEntry("argument", null).containsEntry("async", false);
      assertThat(function(contract, "echo")).containsEntry("argument", Map.of("type", "string"));
      assertThat(function(contract, "echo_order")).containsEntry("argument", Map.of("$ref", "#/definitions/Order"));
      assertThat(function(contract, "echo_int_map")).containsEntry("argument", Map.of("type", "object",
          "additionalProperties", Map.of("type", "string"), "x-zero-key", Map.of("type", "integer", "format", "int32")));
      assertThat((Map<String, Object>) function(contract, "echo_object").get("argument")).containsEntry("x-zero-any", true)
          .containsEntry("description", "java.lang.Object: any MessagePack value");
      // a lambda does not declare its result: "any", and the contract says why
      assertThat((Map<String, Object>) function(contract, "echo").get("result"))
          .containsEntry("x-zero-any", true).containsKey("description");
      // an @Rpc method declares both; an async one says so and gives the stage's value type
      assertThat(function(contract, "count_letters")).containsEntry("argument", Map.of("type", "string"))
          .containsEntry("result", Map.of("type", "integer", "format", "int32"));
      assertThat(function(contract, "later")).containsEntry("result", Map.of("type", "string")).containsEntry("async", true);
      assertThat(function(contract, "sleep_async")).containsEntry("async", true);

      Map<String, Object> order = (Map<String, Object>) ((Map<String, Object>) contract.get("definitions")).get("Order");
      assertThat(((Map<String, Object>) order.get("properties")).keySet())
          .containsExactly("id", "price", "name", "created_at", "items");
      assertThat(order).containsEntry("required", List.of("id", "price", "name", "created_at", "items"));
      assertThat(((Map<String, Object>) order.get("properties")).get("created_at"))
          .isEqualTo(Map.of("type", "string", "format", "date-time", "x-zero-wire", "timestamp"));
      Map<String, Object> color = (Map<String, Object>) ((Map<String, Object>) contract.get("definitions")).get("Color");
      assertThat(color).containsEntry("enum", List.of("RED", "GREEN", "BLUE"));
    }
  }

  @Test
  void contractAfterARegistrationAfterStartHasTheNewFunction() {
    try (ZeroClient client = client()) {
      assertThat(contract(client).toString()).doesNotContain("late_comer");
      server.register("late_comer", LocalDate.class, date -> date);
      assertThat(function(contract(client), "late_comer"))
          .containsEntry("argument", Map.of("type", "string", "format", "date"));
      assertThat(client.call("late_comer", LocalDate.of(2024, 1, 2), LocalDate.class)).isEqualTo(LocalDate.of(2024, 1, 2));
    }
  }

  @Test
  void contractRequestIsACallWithinTheServersCap() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ZeroServer capped = cappedServer(1, running, release);
    try (AsyncZeroClient client = ZeroClient.builder("127.0.0.1", capped.port()).protocol(protocol())
        .timeout(Duration.ofSeconds(10)).buildAsync()) {
      CompletableFuture<String> first = client.call("wait", "a", String.class);
      assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(() -> client.call("zero.contract", null, Object.class).get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(ServerUnavailableException.class)
          .hasMessageContaining("Server is busy");
      release.countDown();
      assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("a");
      // The server counts a call as running until just after its reply is sent, so the next call
      // may still find the cap reached for a moment: it is answered once the first call has ended.
      await().atMost(Duration.ofSeconds(5)).ignoreExceptionsInstanceOf(ExecutionException.class).untilAsserted(() ->
          assertThat(client.call("zero.contract", null, Object.class).get(5, TimeUnit.SECONDS)).isInstanceOf(Map.class));
    } finally {
      release.countDown();
      capped.close();
    }
  }

  /**
   * A started server of this transport with a cap of {@code maxConcurrentCalls} and one function,
   * {@code wait}, that counts {@code running} down, waits for {@code release} and returns its
   * argument.
   */
  private ZeroServer cappedServer(int maxConcurrentCalls, CountDownLatch running, CountDownLatch release) {
    ZeroServer capped = ZeroServer.builder().host("127.0.0.1").port(0).protocol(protocol())
        .maxConcurrentCalls(maxConcurrentCalls).build();
    capped.register("wait", String.class, tag -> {
      running.countDown();
      release.await();
      return tag;
    });
    return capped.start();
  }

  /** The next {@code held} call running on the server (waits at most 5 s for it to start). */
  protected CompletableFuture<String> heldCall() throws InterruptedException {
    CompletableFuture<String> call = heldCalls.poll(5, TimeUnit.SECONDS);
    assertThat(call).as("a held call running on the server").isNotNull();
    return call;
  }

  // --- typed clients: one interface, implemented on the server and proxied by the client ----

  /** The contract of both sides: the server registers {@link TypedOrders}, clients proxy it. */
  public interface OrderApi {
    @Rpc("typed_count")
    int count(); // no argument

    @Rpc("typed_greet")
    String greet(String name);

    @Rpc("typed_place")
    Order place(Order order); // a record argument and result

    @Rpc("typed_orders_of")
    List<Order> ordersOf(String user); // a generic result

    @Rpc("typed_totals")
    Map<String, Double> totals(List<Order> orders); // a generic argument and result

    @Rpc("typed_record")
    void record(String event); // blocks until the function has run, ignores its result

    @Rpc("typed_place")
    CompletableFuture<Order> placeAsync(Order order);

    @Rpc("typed_orders_of")
    CompletionStage<List<Order>> ordersOfLater(String user);

    @Rpc("typed_fail")
    String fail(String message);

    @Rpc("typed_fail")
    CompletableFuture<String> failLater(String message);

    @Rpc(value = "typed_slow", timeoutMillis = 100)
    String slow(String tag); // runs until the test completes its held call

    default String greetTwice(String name) { // runs in the caller
      return greet(name) + ", " + greet(name);
    }

    @Rpc("typed_shout")
    default String shout(String name) { // a remote function: this body runs on the server
      return greet(name).toUpperCase(java.util.Locale.ROOT) + " from " + Thread.currentThread().getName();
    }
  }

  /** The server's implementation of {@link OrderApi}: no annotation of its own. */
  public final class TypedOrders implements OrderApi {
    private static final Instant CREATED = Instant.parse("2024-05-06T07:08:09.123456Z");

    @Override
    public int count() {
      return 3;
    }

    @Override
    public String greet(String name) {
      return "hello " + name;
    }

    @Override
    public Order place(Order order) {
      List<String> items = new ArrayList<>(order.items());
      items.add("placed");
      return new Order(order.id() + 1, order.price() * 2, order.name(), order.created_at(), items);
    }

    @Override
    public List<Order> ordersOf(String user) {
      return List.of(new Order(1, 1.5, user + "'s first", CREATED, List.of("a")),
          new Order(2, 2.5, user + "'s second", CREATED.plusSeconds(1), List.of()));
    }

    @Override
    public Map<String, Double> totals(List<Order> orders) {
      Map<String, Double> totals = new LinkedHashMap<>();
      orders.forEach(order -> totals.merge(order.name(), order.price(), Double::sum));
      return totals;
    }

    @Override
    public void record(String event) {
      sideEffects.incrementAndGet();
    }

    @Override
    public CompletableFuture<Order> placeAsync(Order order) {
      return CompletableFuture.completedFuture(place(order));
    }

    @Override
    public CompletionStage<List<Order>> ordersOfLater(String user) {
      return CompletableFuture.completedFuture(ordersOf(user));
    }

    @Override
    public String fail(String message) {
      throw new IllegalStateException(message);
    }

    @Override
    public CompletableFuture<String> failLater(String message) {
      return CompletableFuture.failedFuture(new IllegalStateException(message));
    }

    @Override
    public String slow(String tag) {
      CompletableFuture<String> reply = new CompletableFuture<>();
      heldCalls.add(reply);
      return reply.join();
    }
  }

  /** A function the server does not have. */
  public interface MissingApi {
    String no_such_function(String argument);
  }

  @Test
  void typedClientCallsEveryKindOfMethod() throws Exception {
    Instant instant = Instant.parse("2024-05-06T07:08:09.123456Z");
    Order order = new Order(41, 10.25, "widget", instant, List.of("a"));
    Order placed = new Order(42, 20.5, "widget", instant, List.of("a", "placed"));
    try (ZeroClient client = client()) {
      OrderApi orders = client.proxy(OrderApi.class);
      assertThat(orders.count()).isEqualTo(3);
      assertThat(orders.greet("ada")).isEqualTo("hello ada");
      assertThat(orders.place(order)).isEqualTo(placed);
      List<Order> ofAda = orders.ordersOf("ada");
      assertThat(ofAda).extracting(Order::name).containsExactly("ada's first", "ada's second");
      assertThat(ofAda.get(0)).isInstanceOf(Order.class).isEqualTo(new Order(1, 1.5, "ada's first", instant, List.of("a")));
      assertThat(orders.totals(List.of(order, placed, new Order(7, 1.0, "bolt", instant, List.of()))))
          .containsExactly(Map.entry("widget", 30.75), Map.entry("bolt", 1.0));
      int before = sideEffects.get();
      orders.record("placed");
      assertThat(sideEffects.get()).isEqualTo(before + 1);
      assertThat(orders.placeAsync(order).get(5, TimeUnit.SECONDS)).isEqualTo(placed);
      assertThat(orders.ordersOfLater("bob").toCompletableFuture().get(5, TimeUnit.SECONDS))
          .extracting(Order::name).containsExactly("bob's first", "bob's second");
      assertThat(orders.greetTwice("ada")).isEqualTo("hello ada, hello ada");
      assertThat(orders.shout("ada")).isEqualTo("HELLO ADA from zero-worker"); // the server's worker thread
      assertThat(server.functions()).contains("typed_shout");
    }
  }

  @Test
  void typedClientThrowsTheClientsExceptions() {
    try (ZeroClient client = client()) {
      OrderApi orders = client.proxy(OrderApi.class);
      assertThatThrownBy(() -> orders.fail("boom"))
          .isExactlyInstanceOf(RemoteException.class).hasMessage("IllegalStateException('boom')");
      assertThatThrownBy(() -> orders.failLater("later").get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isExactlyInstanceOf(RemoteException.class).hasMessage("IllegalStateException('later')");
      assertThatThrownBy(() -> client.proxy(MissingApi.class).no_such_function("x"))
          .isExactlyInstanceOf(FunctionNotFoundException.class);
      assertThat(orders.greet("still fine")).isEqualTo("hello still fine");
    }
  }

  @Test
  void typedClientMethodHasItsOwnTimeout() throws Exception {
    try (ZeroClient client = clientBuilder().timeout(Duration.ofSeconds(30)).build()) {
      OrderApi orders = client.async().proxy(OrderApi.class);
      // connected first, so that the timed call reaches the server before it times out
      assertThat(orders.greet("warm up")).isEqualTo("hello warm up");
      assertThatThrownBy(() -> orders.slow("late"))
          .isExactlyInstanceOf(CallTimeoutException.class)
          .hasMessage("Call to `typed_slow` timed out after 100 ms"); // the annotation's, not the client's 30 s
      heldCall().complete("late");
      assertThat(orders.greet("after")).isEqualTo("hello after");
    }
  }

  @Test
  void typedClientObjectMethods() {
    try (ZeroClient client = client()) {
      OrderApi orders = client.proxy(OrderApi.class);
      OrderApi again = client.proxy(OrderApi.class);
      assertThat(orders.toString()).isEqualTo("Zero proxy of " + OrderApi.class.getName()
          + " for 127.0.0.1:" + server.port() + " (" + protocol() + ")");
      assertThat(orders).isEqualTo(orders).isNotEqualTo(again).hasSameHashCodeAs(orders);
      assertThat(orders.hashCode()).isEqualTo(System.identityHashCode(orders));
    }
  }

  /** The server's typed functions seen with other types: what a client of an older or newer version might declare. */
  public interface DriftedOrderApi {
    @Rpc("typed_greet")
    int greet(String name); // the server returns a string

    @Rpc("typed_place")
    Order place(Order order); // matches

    @Rpc("typed_gone")
    void gone(); // not served
  }

  @Test
  void verifiedProxyChecksTheInterfaceAgainstTheServersContract() {
    try (ZeroClient client = client()) {
      OrderApi orders = client.verifiedProxy(OrderApi.class);
      assertThat(orders.greet("ada")).isEqualTo("hello ada");
      assertThatThrownBy(() -> client.verifiedProxy(DriftedOrderApi.class))
          .isExactlyInstanceOf(ContractMismatchException.class)
          .hasMessageStartingWith(DriftedOrderApi.class.getName() + " does not match the contract of 127.0.0.1:" + server.port())
          .hasMessageContaining("`typed_gone` is not served by the server")
          .hasMessageContaining("`typed_greet` result: the server returns string, the client expects integer (int32)")
          .satisfies(e -> assertThat(e.getMessage().lines()).as("a heading and one line per problem").hasSize(3));
    }
  }
}
