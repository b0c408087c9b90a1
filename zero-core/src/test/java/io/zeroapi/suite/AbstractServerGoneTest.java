package io.zeroapi.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.ConnectionException;
import io.zeroapi.Protocol;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server that goes away while a call runs: the caller learns it from the lost connection, with a
 * {@link ConnectionException}, not at the end of its (long) timeout; a call that was not sent yet
 * waits for the server to come back and succeeds; and a new server on the same port is found.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class AbstractServerGoneTest {
  /** The transport under test. */
  protected abstract Protocol protocol();

  private final CountDownLatch release = new CountDownLatch(1);
  private ZeroServer server;
  private ZeroClient client;

  private ZeroServer start(int port) {
    ZeroServer started = ZeroServer.builder().host("127.0.0.1").port(port).protocol(protocol())
        .shutdownGracePeriod(Duration.ZERO).build();
    started.register("echo", String.class, s -> s);
    started.register("block", String.class, s -> {
      running.countDown();
      release.await();
      return s;
    });
    return started.start();
  }

  private final CountDownLatch running = new CountDownLatch(1);

  @AfterEach
  void stop() {
    release.countDown();
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aCallInFlightWhenTheServerGoesAwayFailsAtOnceAndTheNextServerIsFound() throws Exception {
    server = start(0);
    int port = server.port();
    client = ZeroClient.builder("127.0.0.1", port).protocol(protocol()).timeout(Duration.ofSeconds(45)).build();
    assertThat(client.call("echo", "first", String.class)).isEqualTo("first");

    CompletableFuture<String> inFlight = client.async().call("block", "x", String.class);
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
    server.close(); // no grace period: the connection closes while the call runs
    // The call's timeout is 45 s and this test's 60 s: only the lost connection can end it in time.
    assertThatThrownBy(() -> inFlight.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(ConnectionException.class);

    server = start(port);
    assertThat(client.call("echo", "again", String.class)).isEqualTo("again");
  }
}
