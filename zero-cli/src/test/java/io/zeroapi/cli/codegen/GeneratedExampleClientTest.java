package io.zeroapi.cli.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.Protocol;
import io.zeroapi.RemoteException;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroServer;
import io.zeroapi.codec.MsgpackCodec;
import io.zeroapi.examples.Order;
import io.zeroapi.examples.Point;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The generated client of the example server, compiled and called on a live example server: every
 * function, blocking and async, gives what a call by name gives. (The transports are covered by
 * the all-types tests; this one runs over ZeroMQ.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GeneratedExampleClientTest {
  private static final MsgpackCodec CODEC = MsgpackCodec.create();
  private static ZeroServer server;
  private static Class<?> api;

  @BeforeAll
  static void start() throws Exception {
    server = Contracts.exampleServer(Protocol.ZMQ);
    var files = JavaClientGenerator.generate(Contracts.fetch(server, Protocol.ZMQ), "com.acme.example", "ExampleClient",
        Contracts.GENERATED_BY);
    api = AbstractGeneratedJavaClientTest.compile(files).loadClass("com.acme.example.ExampleClient");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void everyExampleFunctionThroughTheGeneratedInterface() throws Throwable {
    Order order = new Order(7, 2.5, "widget", Instant.parse("2024-01-02T03:04:05Z"), List.of("a"));
    Point point = new Point(3, 4.0, "abc", Instant.parse("2024-01-02T03:04:05Z"), List.of(1L, 2L));
    try (ZeroClient client = ZeroClient.builder("127.0.0.1", server.port()).protocol(Protocol.ZMQ).build()) {
      Object proxy = client.proxy(api);
      for (boolean async : new boolean[] {false, true}) {
        assertThat(call(proxy, "helloWorld", async, null, String.class)).isEqualTo("hello world");
        assertThat(call(proxy, "echo", async, "hi", String.class)).isEqualTo("hi");
        assertThat(call(proxy, "processOrder", async, order, Order.class))
            .isEqualTo(client.call("process_order", order, Order.class));
        assertThat(call(proxy, "echoPoint", async, point, Point.class)).isEqualTo(client.call("echo_point", point, Point.class));
        assertThat(call(proxy, "sleep", async, 1, String.class)).isEqualTo("slept for 1 msecs");
        assertThat(call(proxy, "sleepAsync_2", async, 1, String.class)).isEqualTo("slept for 1 msecs"); // sleep_async
        assertThat(call(proxy, "sumList", async, List.of(1, 2, 3), Integer.class)).isEqualTo(6);
        assertThat(call(proxy, "divide", async, List.of(7, 2), Integer.class)).isEqualTo(3);
        assertThatThrownBy(() -> call(proxy, "fail", async, "boom", String.class))
            .isInstanceOf(RemoteException.class).hasMessageContaining("boom");
      }
    }
  }

  /** Calls {@code method} (or its async form) with {@code argument} converted to its parameter type; the result as {@code type}. */
  private static Object call(Object proxy, String method, boolean async, Object argument, Type type) throws Throwable {
    String name = method + (async ? "Async" : "");
    Method m = null;
    for (Method candidate : api.getMethods()) {
      if (candidate.getName().equals(name)) {
        m = candidate;
      }
    }
    assertThat(m).as(name).isNotNull();
    Object result;
    try {
      result = m.getParameterCount() == 0 ? m.invoke(proxy) : m.invoke(proxy, convert(argument, m.getGenericParameterTypes()[0]));
      if (async) {
        result = ((CompletableFuture<?>) result).get(10, TimeUnit.SECONDS);
      }
    } catch (InvocationTargetException | ExecutionException e) {
      throw e.getCause();
    }
    return convert(result, type);
  }

  private static Object convert(Object value, Type type) {
    byte[] bytes = CODEC.encode(value);
    return CODEC.decode(bytes, 0, bytes.length, type);
  }
}
