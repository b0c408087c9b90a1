package io.zeroapi.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.AsyncZeroClient;
import io.zeroapi.Protocol;
import io.zeroapi.ServerStats;
import io.zeroapi.ServerUnavailableException;
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

/**
 * {@link ZeroServer#stats()} once per transport: bytes each way, calls in flight and calls refused
 * at the {@code maxConcurrentCalls} cap, all zero before start.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class AbstractServerStatsTest {
  /** The transport under test. */
  protected abstract Protocol protocol();

  protected final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  protected ZeroServer.Builder builder() {
    return ZeroServer.builder().host("127.0.0.1").port(0).protocol(protocol());
  }

  protected ZeroServer started(ZeroServer server) {
    open.add(server);
    return server.start();
  }

  private ZeroClient client(ZeroServer server) {
    ZeroClient client = ZeroClient.builder("127.0.0.1", server.port()).protocol(protocol())
        .timeout(Duration.ofSeconds(10)).build();
    open.add(0, client);
    return client;
  }

  @Test
  void everyFigureIsZeroBeforeStart() {
    ServerStats stats = builder().build().stats();
    assertThat(List.of(stats.connectionsOpen(), stats.connectionsRefused(), stats.bytesReceived(), stats.bytesSent(),
        stats.callsInFlight(), stats.callsRefusedBusy(), stats.callsExpired())).containsOnly(0L);
    assertThat(stats.countsConnections()).isEqualTo(protocol() == Protocol.TCP);
  }

  @Test
  void bytesOfRequestsAndRepliesAreCounted() {
    ZeroServer server = started(builder().build().register("echo", String.class, s -> s));
    ServerStats stats = server.stats();
    ZeroClient client = client(server);
    assertThat(client.call("echo", "warm", String.class)).isEqualTo("warm");
    long in = stats.bytesReceived();
    long out = stats.bytesSent();
    assertThat(in).isPositive();
    assertThat(out).isPositive();

    String big = "x".repeat(10_000);
    assertThat(client.call("echo", big, String.class)).isEqualTo(big);
    // The string and a little framing each way; nothing else runs on this server meanwhile.
    assertThat(stats.bytesReceived() - in).isBetween(10_000L, 10_200L);
    assertThat(stats.bytesSent() - out).isBetween(10_000L, 10_100L);
  }

  @Test
  void callsInFlightAndBusyRefusalsAreCounted() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ZeroServer server = started(builder().maxConcurrentCalls(1).build().register("wait", String.class, tag -> {
      running.countDown();
      release.await();
      return tag;
    }));
    ServerStats stats = server.stats();
    AsyncZeroClient client = ZeroClient.builder("127.0.0.1", server.port()).protocol(protocol())
        .timeout(Duration.ofSeconds(10)).buildAsync();
    open.add(0, client);
    try {
      CompletableFuture<String> first = client.call("wait", "a", String.class);
      assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(stats.callsInFlight()).isEqualTo(1);
      assertThatThrownBy(() -> client.call("wait", "b", String.class).get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(ServerUnavailableException.class);
      assertThat(stats.callsRefusedBusy()).isEqualTo(1);
      release.countDown();
      assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("a");
    } finally {
      release.countDown();
    }
  }
}
