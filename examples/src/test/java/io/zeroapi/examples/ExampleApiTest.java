package io.zeroapi.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.Protocol;
import io.zeroapi.RemoteException;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroServer;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every example function called through {@link ExampleApi}, on both transports: no function name
 * and no result type at any call site.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ExampleApiTest {

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void callsEveryExampleFunctionThroughTheInterface(Protocol protocol) throws Exception {
    try (ZeroServer server = startServer(protocol);
        ZeroClient client = ZeroClient.builder("127.0.0.1", server.port()).protocol(protocol).build()) {
      ExampleApi api = client.proxy(ExampleApi.class);

      assertThat(api.helloWorld()).isEqualTo("hello world");
      assertThat(api.echo("hello")).isEqualTo("hello");
      Order order = new Order(41, 10.25, "widget", Instant.parse("2024-05-06T07:08:09.123456Z"), List.of("a", "b"));
      assertThat(api.processOrder(order)).isEqualTo(
          new Order(42, 20.5, "WIDGET", Instant.parse("2024-05-07T07:08:09.123456Z"), List.of("a", "b", "processed")));
      Instant ts = Instant.parse("2024-05-06T07:08:09.123456Z");
      assertThat(api.echoPoint(new Point(3, 5.0, "abc", ts, List.of(1L, 2L, 3L))))
          .isEqualTo(new Point(30, 2.5, "cba", ts, List.of(3L, 2L, 1L)));
      assertThatThrownBy(() -> api.fail("boom"))
          .isExactlyInstanceOf(RemoteException.class).hasMessage("RuntimeException('boom')");
      assertThat(api.sleep(10)).isEqualTo("slept for 10 msecs");
      assertThat(api.sleepAsync(10).get(5, TimeUnit.SECONDS)).isEqualTo("slept for 10 msecs");
      assertThat(api.sumList(List.of(1, 2, 3))).isEqualTo(6);
      assertThat(api.divide(List.of(10, 3))).isEqualTo(3);
      assertThatThrownBy(() -> api.divide(List.of(1, 0)))
          .isExactlyInstanceOf(RemoteException.class).hasMessageStartingWith("ArithmeticException(");
      assertThat(api.half(-7)).isEqualTo(-3);
    }
  }

  @Test
  void theReadmesTypedClientRuns() {
    try (ZeroServer server = ExampleServer.register(ZeroServer.builder().host("127.0.0.1").port(0)
        .shutdownGracePeriod(Duration.ofSeconds(1)).build()).start()) {
      assertThat(TypedClient.run("127.0.0.1", server.port())).containsExactly("hi", 6, "slept for 10 msecs");
    }
  }

  @Test
  void theInterfaceNamesExactlyTheExampleServersFunctions() {
    // Any implementation will do to read the names: registerService reads the interface's @Rpc.
    ExampleApi names = (ExampleApi) Proxy.newProxyInstance(
        ExampleApi.class.getClassLoader(), new Class<?>[] {ExampleApi.class}, (proxy, method, args) -> null);
    ZeroServer byInterface = ZeroServer.builder().port(0).build().registerService(names);
    ZeroServer example = ExampleServer.register(ZeroServer.builder().port(0).build());
    assertThat(byInterface.functions()).containsExactlyInAnyOrderElementsOf(example.functions());
  }

  private static ZeroServer startServer(Protocol protocol) {
    return ExampleServer.register(ZeroServer.builder().host("127.0.0.1").port(0).protocol(protocol)
        .shutdownGracePeriod(Duration.ofSeconds(1)).build()).start();
  }
}
