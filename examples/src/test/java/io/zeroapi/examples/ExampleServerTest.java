package io.zeroapi.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.CallTimeoutException;
import io.zeroapi.FunctionNotFoundException;
import io.zeroapi.Protocol;
import io.zeroapi.RemoteException;
import io.zeroapi.TypeRef;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Calls every example function once over TCP (needs the real codec and TCP transport). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ExampleServerTest {
  private static ZeroServer server;
  private static ZeroClient client;

  @BeforeAll
  static void start() {
    server = ExampleServer.register(ZeroServer.builder()
        .host("127.0.0.1").port(0).protocol(Protocol.TCP).shutdownGracePeriod(Duration.ofSeconds(1)).build()).start();
    client = ZeroClient.builder("127.0.0.1", server.port()).protocol(Protocol.TCP).build();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void registersTheFunctionsOfTheInteropServerAndMore() {
    // registerService registers an object's functions sorted by name
    assertThat(server.functions()).containsExactly(
        "divide", "echo", "echo_point", "fail", "hello_world", "process_order", "sleep", "sleep_async", "sum_list");
  }

  @Test
  void helloWorld() {
    assertThat(client.call("hello_world", String.class)).isEqualTo("hello world");
  }

  @Test
  void echo() {
    assertThat(client.call("echo", "hello", String.class)).isEqualTo("hello");
  }

  @Test
  void processOrderWithTheCapturedValues() {
    Order order = new Order(41, 10.25, "widget", Instant.parse("2024-05-06T07:08:09.123456Z"), List.of("a", "b"));
    assertThat(client.call("process_order", order, Order.class)).isEqualTo(
        new Order(42, 20.5, "WIDGET", Instant.parse("2024-05-07T07:08:09.123456Z"), List.of("a", "b", "processed")));
  }

  @Test
  void echoPoint() {
    Instant ts = Instant.parse("2024-05-06T07:08:09.123456Z");
    Point point = new Point(3, 5.0, "abc", ts, List.of(1L, 2L, 3L));
    assertThat(client.call("echo_point", point, Point.class)).isEqualTo(new Point(30, 2.5, "cba", ts, List.of(3L, 2L, 1L)));
  }

  @Test
  void failIsARemoteException() {
    assertThatThrownBy(() -> client.call("fail", "boom", String.class))
        .isInstanceOf(RemoteException.class).hasMessage("RuntimeException('boom')");
  }

  @Test
  void sleepAndSleepAsync() {
    assertThat(client.call("sleep", 10, String.class)).isEqualTo("slept for 10 msecs");
    assertThat(client.call("sleep_async", 10, String.class)).isEqualTo("slept for 10 msecs");
  }

  @Test
  void sleepLongerThanTheTimeoutTimesOut() {
    assertThatThrownBy(() -> client.call("sleep", 500, String.class, Duration.ofMillis(50)))
        .isInstanceOf(CallTimeoutException.class);
  }

  @Test
  void sumList() {
    assertThat(client.call("sum_list", List.of(1, 2, 3), Integer.class)).isEqualTo(6);
  }

  @Test
  void divideRoundsTowardZeroAndFailsOnZero() {
    assertThat(client.call("divide", List.of(10, 3), Integer.class)).isEqualTo(3);
    assertThat(client.call("divide", new int[] {-7, 2}, Integer.class)).isEqualTo(-3);
    assertThatThrownBy(() -> client.call("divide", List.of(1, 0), Integer.class))
        .isInstanceOf(RemoteException.class).hasMessageStartingWith("ArithmeticException(");
  }

  @Test
  void unknownFunction() {
    assertThatThrownBy(() -> client.call("no_such_fn", "x", Object.class))
        .isInstanceOf(FunctionNotFoundException.class).hasMessage("Function `no_such_fn` not found!");
  }

  @Test
  void untypedResultOfAStruct() {
    Order order = new Order(1, 1.5, "a", Instant.parse("2024-01-01T00:00:00Z"), List.of());
    Object result = client.call("process_order", order, new TypeRef<java.util.Map<String, Object>>() {});
    assertThat(result).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsKeys("id", "price", "name", "created_at", "items");
  }
}
