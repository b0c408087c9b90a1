package io.zeroapi.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.zeroapi.AsyncZeroClient;
import io.zeroapi.BearerTokens;
import io.zeroapi.FunctionNotFoundException;
import io.zeroapi.Protocol;
import io.zeroapi.RemoteException;
import io.zeroapi.UnauthenticatedException;
import io.zeroapi.ValidationException;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The meters of {@link ZeroMetrics} on a real server and client, once per transport. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class AbstractZeroMetricsTest {
  protected abstract Protocol protocol();

  protected final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  protected final ZeroMetrics metrics = ZeroMetrics.of(registry);
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
  private final CountDownLatch running = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void closeAll() throws Exception {
    release.countDown();
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  protected ZeroServer server(ZeroServer.Builder builder) {
    ZeroServer server = builder.host("127.0.0.1").port(0).protocol(protocol()).build();
    server.register("hello", String.class, name -> "Hello, " + name);
    server.register("boom", () -> {
      throw new IllegalStateException("boom");
    });
    server.register("square", Integer.class, n -> n * n);
    server.register("wait", () -> {
      running.countDown();
      release.await();
      return "done";
    });
    open.add(server);
    metrics.bind(server.start());
    return server;
  }

  protected ZeroClient client(ZeroServer server) {
    ZeroClient client = ZeroClient.builder("127.0.0.1", server.port()).protocol(protocol())
        .timeout(Duration.ofSeconds(10)).intercept(metrics.client()).build();
    open.add(0, client);
    return client;
  }

  protected long count(String name, String function, String outcome) {
    Timer timer = registry.find(name).tag("function", function).tag("outcome", outcome).timer();
    return timer == null ? 0 : timer.count();
  }

  @Test
  void callsAreTimedByFunctionAndOutcomeOnBothSides() {
    ZeroServer server = server(ZeroServer.builder().intercept(metrics.server()));
    ZeroClient client = client(server);
    assertThat(client.call("hello", "Ada", String.class)).isEqualTo("Hello, Ada");
    assertThat(client.call("hello", "Bob", String.class)).isEqualTo("Hello, Bob");
    assertThatThrownBy(() -> client.call("boom", null, String.class)).isInstanceOf(RemoteException.class);
    assertThatThrownBy(() -> client.call("square", "not a number", Integer.class))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> client.call("no_such_function", null, String.class))
        .isInstanceOf(FunctionNotFoundException.class);

    for (String side : List.of("zero.server.calls", "zero.client.calls")) {
      assertThat(count(side, "hello", "ok")).as(side).isEqualTo(2);
      assertThat(count(side, "boom", "error")).as(side).isEqualTo(1);
      assertThat(count(side, "square", "invalid")).as(side).isEqualTo(1);
      assertThat(count(side, ZeroMetrics.UNKNOWN_FUNCTION, "not_found")).as(side).isEqualTo(1);
      assertThat(registry.find(side).tag("function", "no_such_function").timers()).as(side).isEmpty();
      assertThat(registry.find(side).tag("function", "hello").tag("outcome", "error").timer())
          .as("no meter for an outcome that never happened").isNull();
    }
    Timer hello = registry.get("zero.server.calls").tag("function", "hello").tag("outcome", "ok").timer();
    assertThat(hello.totalTime(TimeUnit.NANOSECONDS)).isPositive();
    assertThat(registry.scrape()).as("percentile histogram")
        .containsPattern("zero_server_calls_seconds_bucket\\{function=\"hello\",outcome=\"ok\",le=\"[0-9.E-]+\"} 2");
  }

  @Test
  void refusedUnknownNamesAreTaggedUnknownOnceTheServerIsBound() {
    // Metrics outermost, then authentication: the refused call's name is not a registered function.
    ZeroServer server = server(ZeroServer.builder().intercept(metrics.server())
        .intercept(BearerTokens.server(List.of("secret"))));
    ZeroClient client = client(server);
    assertThatThrownBy(() -> client.call("invented_name_1", null, String.class))
        .isInstanceOf(UnauthenticatedException.class);
    assertThatThrownBy(() -> client.call("hello", "Ada", String.class)).isInstanceOf(UnauthenticatedException.class);
    assertThat(count("zero.server.calls", ZeroMetrics.UNKNOWN_FUNCTION, "unauthenticated")).isEqualTo(1);
    assertThat(count("zero.server.calls", "hello", "unauthenticated")).isEqualTo(1);
    assertThat(count("zero.client.calls", "hello", "unauthenticated")).isEqualTo(1);
    assertThat(registry.find("zero.server.calls").tag("function", "invented_name_1").timers()).isEmpty();
  }

  @Test
  void callsInFlightAndTransportFigures() throws Exception {
    ZeroServer server = server(ZeroServer.builder().intercept(metrics.server()).maxConcurrentCalls(1));
    ZeroClient client = client(server);
    AsyncZeroClient async = client.async();
    CompletableFuture<String> held = async.call("wait", String.class);
    assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(registry.get("zero.server.calls.active").gauge().value()).isEqualTo(1);
    assertThat(registry.get("zero.client.calls.active").gauge().value()).isEqualTo(1);
    assertThatThrownBy(() -> client.call("hello", "Ada", String.class)).isInstanceOf(RemoteException.class);
    assertThat(count("zero.client.calls", "hello", "refused")).isEqualTo(1);
    assertThat(registry.get("zero.server.calls.busy").functionCounter().count()).isEqualTo(1);
    release.countDown();
    assertThat(held.get(5, TimeUnit.SECONDS)).isEqualTo("done");
    assertThat(registry.get("zero.client.calls.active").gauge().value()).isZero();

    String protocol = protocol().name().toLowerCase(java.util.Locale.ROOT);
    assertThat(registry.get("zero.server.request.bytes").tag("protocol", protocol).functionCounter().count()).isPositive();
    assertThat(registry.get("zero.server.reply.bytes").functionCounter().count()).isPositive();
    assertThat(registry.find("zero.server.calls.expired").functionCounter()).isNotNull();
    if (protocol() == Protocol.TCP) {
      assertThat(registry.get("zero.server.connections").gauge().value()).isGreaterThanOrEqualTo(1);
      assertThat(registry.get("zero.server.connections.refused").functionCounter().count()).isZero();
    } else {
      assertThat(registry.find("zero.server.connections").gauge()).as("ZeroMQ hides connections").isNull();
    }
  }
}
