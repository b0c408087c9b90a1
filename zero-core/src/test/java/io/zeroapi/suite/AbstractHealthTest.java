package io.zeroapi.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.Protocol;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroServer;
import io.zeroapi.internal.Health;
import java.io.IOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Health and draining, once per transport: the reserved function {@value Health#FUNCTION_NAME}
 * answers SERVING, then NOT_SERVING from the moment {@link ZeroServer#close()} starts to drain,
 * while calls are still answered during the drain delay; the HTTP probe's status codes follow.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class AbstractHealthTest {
  /** The transport under test. */
  protected abstract Protocol protocol();

  private ZeroServer server;
  private ZeroClient client;
  private Thread closer;

  private void start(ZeroServer.Builder builder) {
    server = builder.host("127.0.0.1").port(0).protocol(protocol()).build();
    server.register("echo", String.class, s -> s);
    server.start();
    client = ZeroClient.builder("127.0.0.1", server.port()).protocol(protocol()).build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (closer != null) {
      closer.interrupt();
      closer.join();
    }
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private Object health(Object argument) {
    return client.call(Health.FUNCTION_NAME, argument, Object.class);
  }

  private int http(String method, String path) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) URI.create(
        "http://127.0.0.1:" + server.healthPort() + path).toURL().openConnection();
    connection.setRequestMethod(method);
    try {
      return connection.getResponseCode();
    } finally {
      connection.disconnect();
    }
  }

  /** Closes the server on another thread; it stays in its drain delay until interrupted. */
  private void startClosing() {
    closer = Thread.ofPlatform().name("test-closer").start(server::close);
    // No sleep: the health function itself says when the drain has begun.
    while (!health(null).equals(Map.of(Health.STATUS_KEY, Health.NOT_SERVING))) {
      Thread.onSpinWait();
    }
  }

  @Test
  void aRunningServerAnswersServingWithOrWithoutAServiceName() {
    start(ZeroServer.builder());
    assertThat(health(null)).isEqualTo(Map.of("status", "SERVING"));
    assertThat(health("orders.OrderService")).isEqualTo(Map.of("status", "SERVING"));
    assertThat(server.healthPort()).as("no health port unless asked for").isEqualTo(-1);
  }

  @Test
  void aDrainingServerAnswersNotServingAndStillTakesCalls() {
    start(ZeroServer.builder().drainDelay(Duration.ofMinutes(5)));
    assertThat(client.call("echo", "before", String.class)).isEqualTo("before");
    startClosing();
    assertThat(health("any")).isEqualTo(Map.of("status", "NOT_SERVING"));
    assertThat(client.call("echo", "during the drain", String.class)).isEqualTo("during the drain");
    assertThat(server.functions()).containsExactly("echo");
  }

  @Test
  void theHttpProbeSaysReadyThenNotReadyWhileDrainingAndIsLiveUntilClosed() throws Exception {
    start(ZeroServer.builder().healthPort(0).drainDelay(Duration.ofMinutes(5)));
    assertThat(server.healthPort()).isPositive();
    assertThat(http("GET", Health.LIVENESS_PATH)).isEqualTo(200);
    assertThat(http("GET", Health.READINESS_PATH)).isEqualTo(200);
    assertThat(http("HEAD", Health.READINESS_PATH)).isEqualTo(200);
    assertThat(http("GET", "/metrics")).isEqualTo(404);
    assertThat(http("POST", Health.READINESS_PATH)).isEqualTo(405);

    startClosing();
    assertThat(http("GET", Health.READINESS_PATH)).isEqualTo(503);
    assertThat(http("GET", Health.LIVENESS_PATH)).isEqualTo(200);
    assertThat(client.call("echo", "still served", String.class)).isEqualTo("still served");

    int port = server.healthPort();
    closer.interrupt(); // ends the drain delay: the server closes now
    closer.join();
    closer = null;
    assertThatThrownBy(() -> URI.create("http://127.0.0.1:" + port + Health.LIVENESS_PATH).toURL()
        .openConnection().getInputStream()).as("the probe port is closed with the server")
        .isInstanceOf(ConnectException.class);
  }
}
