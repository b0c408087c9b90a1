package io.zeroapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.zeroapi.internal.balance.BalancedTransport;
import io.zeroapi.internal.balance.DnsResolver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client over several servers, each on its own loopback address (127.0.0.2, 127.0.0.3...: Linux
 * routes all of 127/8 to the loopback interface), written once and run on every transport: calls
 * are spread, a new server is picked up (from a resolver's new list, and from a DNS lookup), a
 * stopped server's calls move and it is ejected, then it returns; a slow server gets few calls;
 * a call that may have run is never sent twice.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class AbstractScaleOutTest {

  /** The transport under test. */
  protected abstract Protocol protocol();

  /** A server, the calls it answered, and the calls it holds unanswered. */
  protected static final class Replica {
    final ZeroServer server;
    final String host;
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger held = new AtomicInteger();
    final List<CompletableFuture<String>> heldReplies = new java.util.concurrent.CopyOnWriteArrayList<>();

    Replica(ZeroServer server, String host) {
      this.server = server;
      this.host = host;
    }

    InetSocketAddress address() {
      return InetSocketAddress.createUnresolved(host, server.port());
    }

    String hostPort() {
      return host + ":" + server.port();
    }
  }

  private final List<Replica> replicas = new ArrayList<>();

  @AfterEach
  void stopReplicas() {
    for (Replica r : replicas) {
      r.server.close();
    }
  }

  /** A started server on {@code host}, port {@code port} (0: any), sleeping {@code sleepMillis} per "work" call. */
  protected Replica replica(String host, int port, int sleepMillis) {
    ZeroServer server = ZeroServer.builder().host(host).port(port).protocol(protocol())
        .shutdownGracePeriod(Duration.ZERO).build();
    Replica replica = new Replica(server, host);
    server.register("where", () -> {
      replica.calls.incrementAndGet();
      return host;
    });
    server.register("work", int.class, n -> {
      replica.calls.incrementAndGet();
      if (sleepMillis > 0) {
        Thread.sleep(sleepMillis); // on purpose: the slow replica
      }
      return n;
    });
    server.registerAsync("held", String.class, tag -> {
      replica.held.incrementAndGet();
      CompletableFuture<String> reply = new CompletableFuture<>(); // answered when the test says
      replica.heldReplies.add(reply);
      return reply;
    });
    server.start();
    replicas.add(replica);
    return replica;
  }

  protected Replica replica(String host) {
    return replica(host, 0, 0);
  }

  protected ZeroClient.Builder builder(String target) {
    return ZeroClient.builder(target).protocol(protocol()).timeout(Duration.ofSeconds(5));
  }

  protected static BalancedTransport balancer(ZeroClient client) {
    return (BalancedTransport) client.core().transport();
  }

  private static String target(Replica... rs) {
    List<String> parts = new ArrayList<>();
    for (Replica r : rs) {
      parts.add(r.hostPort());
    }
    return String.join(",", parts);
  }

  /** A resolver whose list the test sets. */
  protected static final class SettableResolver implements EndpointResolver {
    private final AtomicReference<Listener> listener = new AtomicReference<>();
    private volatile List<InetSocketAddress> endpoints;

    SettableResolver(List<InetSocketAddress> endpoints) {
      this.endpoints = endpoints;
    }

    @Override
    public void start(Listener l) {
      listener.set(l);
      l.onEndpoints(endpoints);
    }

    void set(List<InetSocketAddress> next) {
      endpoints = next;
      listener.get().onEndpoints(next);
    }
  }

  @Test
  void roundRobinSpreadsCallsEvenlyOverAList() {
    Replica a = replica("127.0.0.2");
    Replica b = replica("127.0.0.3");
    Replica c = replica("127.0.0.4");
    try (ZeroClient client = builder(target(a, b, c)).loadBalancing(LoadBalancing.ROUND_ROBIN).build()) {
      for (int i = 0; i < 90; i++) {
        client.call("where", String.class);
      }
    }
    assertThat(List.of(a.calls.get(), b.calls.get(), c.calls.get())).containsExactly(30, 30, 30);
  }

  @Test
  void asyncClientOverAStaticListReachesEveryServer() throws Exception {
    Replica a = replica("127.0.0.2");
    Replica b = replica("127.0.0.3");
    Replica c = replica("127.0.0.4");
    try (AsyncZeroClient client = ZeroClient.builder(List.of(a.address(), b.address(), c.address()))
        .protocol(protocol()).buildAsync()) {
      List<CompletableFuture<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        calls.add(client.call("work", i, Integer.class));
      }
      for (int i = 0; i < calls.size(); i++) {
        assertThat(calls.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
      }
    }
    assertThat(a.calls.get() + b.calls.get() + c.calls.get()).isEqualTo(300);
    assertThat(List.of(a.calls.get(), b.calls.get(), c.calls.get())).allSatisfy(n -> assertThat(n).isPositive());
  }

  @Test
  void aServerAddedToTheResolversListGetsCalls() {
    Replica a = replica("127.0.0.2");
    Replica b = replica("127.0.0.3");
    SettableResolver resolver = new SettableResolver(List.of(a.address(), b.address()));
    try (ZeroClient client = ZeroClient.builder(resolver).protocol(protocol()).build()) {
      for (int i = 0; i < 20; i++) {
        client.call("where", String.class);
      }
      Replica c = replica("127.0.0.4");
      assertThat(c.calls.get()).isZero();
      resolver.set(List.of(a.address(), b.address(), c.address()));
      for (int i = 0; i < 60; i++) {
        client.call("where", String.class);
      }
      assertThat(c.calls.get()).isPositive();
      // and one that leaves gets nothing more
      resolver.set(List.of(b.address(), c.address()));
      int before = a.calls.get();
      for (int i = 0; i < 30; i++) {
        client.call("where", String.class);
      }
      assertThat(a.calls.get()).isEqualTo(before);
    }
  }

  @Test
  void aDnsTargetIsLookedUpAgainOnATimer() {
    Replica a = replica("127.0.0.2");
    Replica b = replica("127.0.0.3", a.server.port(), 0); // same port: one name, two addresses
    AtomicReference<InetAddress[]> records = new AtomicReference<>(new InetAddress[] {ip("127.0.0.2")});
    DnsResolver dns = new DnsResolver("orders.test", a.server.port(), 50, name -> records.get());
    try (ZeroClient client = ZeroClient.builder(dns).protocol(protocol()).build()) {
      assertThat(client.call("where", String.class)).isEqualTo("127.0.0.2");
      records.set(new InetAddress[] {ip("127.0.0.2"), ip("127.0.0.3")});
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        client.call("where", String.class);
        return b.calls.get() > 0;
      });
      assertThat(balancer(client).currentEndpoints()).hasSize(2);
    }
  }

  @Test
  void aDnsTargetIsLookedUpAgainWhenAConnectionIsRefused() {
    Replica a = replica("127.0.0.2");
    Replica b = replica("127.0.0.3", a.server.port(), 0);
    AtomicReference<InetAddress[]> records = new AtomicReference<>(new InetAddress[] {ip("127.0.0.2")});
    AtomicInteger lookups = new AtomicInteger();
    DnsResolver dns = new DnsResolver("orders.test", a.server.port(), TimeUnit.HOURS.toMillis(1), name -> {
      lookups.incrementAndGet();
      return records.get();
    });
    try (ZeroClient client = ZeroClient.builder(dns).protocol(protocol()).timeout(Duration.ofMillis(500)).build()) {
      assertThat(client.call("where", String.class)).isEqualTo("127.0.0.2");
      records.set(new InetAddress[] {ip("127.0.0.3")});
      a.server.close(); // the pod is replaced: its address answers no more
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> "127.0.0.3".equals(client.call("where", String.class)));
      assertThat(lookups.get()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void aStoppedServersCallsMoveAndItIsEjectedThenReturns() {
    Replica a = replica("127.0.0.2");
    Replica b = replica("127.0.0.3");
    Replica c = replica("127.0.0.4");
    int port = b.server.port();
    // 500 ms: on ZeroMQ, calls to the stopped server wait for their timeout until it is ejected
    try (ZeroClient client = builder(target(a, b, c)).timeout(Duration.ofMillis(500)).build()) {
      for (int i = 0; i < 30; i++) {
        client.call("where", String.class);
      }
      assertThat(b.calls.get()).isPositive();
      b.server.close();
      AtomicInteger failed = new AtomicInteger();
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        try {
          client.call("where", String.class);
        } catch (ZeroException e) {
          failed.incrementAndGet();
          assertThat(e).isInstanceOfAny(lostCallExceptions());
        }
        return balancer(client).ejectedEndpoints().size() == 1;
      });
      assertThat(balancer(client).ejectedEndpoints()).containsExactly(b.address());
      if (protocol() == Protocol.TCP) {
        assertThat(failed.get()).as("refused connections are retried elsewhere").isZero();
      }
      for (int i = 0; i < 50; i++) {
        assertThat(client.call("where", null, String.class, Duration.ofSeconds(5))).isIn("127.0.0.2", "127.0.0.4");
      }
      Replica back = replica("127.0.0.3", port, 0);
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        client.call("where", null, String.class, Duration.ofSeconds(5));
        return balancer(client).ejectedEndpoints().isEmpty();
      });
      back.calls.set(0); // ZeroMQ may have delivered requests queued while it was down: count from here
      // One call at a time goes to the endpoint that answered fastest lately; the returned one's answer
      // time fades (halving every 50 ms) until it wins a pick.
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        client.call("where", null, String.class, Duration.ofSeconds(5));
        return back.calls.get() > 0;
      });
      assertThat(balancer(client).ejectedEndpoints()).isEmpty();
    }
  }

  /** What a call to a server that stopped meanwhile fails with, on this transport, if it fails. */
  protected abstract Class<?>[] lostCallExceptions();

  @Test
  void aSlowServerGetsFewCallsUnderLeastInFlight() throws Exception {
    Replica a = replica("127.0.0.2");
    Replica b = replica("127.0.0.3");
    Replica slow = replica("127.0.0.4", 0, 5);
    int total = 2_000;
    try (AsyncZeroClient client = builder(target(a, b, slow)).buildAsync()) {
      callWithFourInFlight(client, 500); // warm-up: the first answers are slow everywhere (JIT)
      a.calls.set(0);
      b.calls.set(0);
      slow.calls.set(0);
      callWithFourInFlight(client, total);
    }
    assertThat(a.calls.get() + b.calls.get() + slow.calls.get()).isEqualTo(total);
    assertThat(slow.calls.get()).as("calls of the slow server").isLessThan(total / 10);
  }

  /** {@code total} calls, four at a time: a client busy enough for the balancing to matter. */
  private static void callWithFourInFlight(AsyncZeroClient client, int total) throws Exception {
    Semaphore window = new Semaphore(4);
    List<CompletableFuture<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      window.acquire();
      CompletableFuture<Integer> call = client.call("work", i, Integer.class);
      call.whenComplete((r, e) -> window.release());
      calls.add(call);
    }
    for (CompletableFuture<Integer> call : calls) {
      call.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aCallThatMayHaveRunIsNeverSentTwice() {
    Replica a = replica("127.0.0.2");
    Replica b = replica("127.0.0.3");
    try (ZeroClient client = builder(target(a, b)).timeout(Duration.ofSeconds(2)).build()) {
      CompletableFuture<String> call = client.async().call("held", "x", String.class);
      await().atMost(Duration.ofSeconds(10)).until(() -> a.held.get() + b.held.get() == 1);
      Replica holder = a.held.get() == 1 ? a : b;
      // The call ran (it is held there); the server goes, and its connection with it. The close runs
      // beside the test, which lets the held call finish once the client has given up on it.
      CompletableFuture<Void> closing = CompletableFuture.runAsync(holder.server::close);
      // Its connection closes under it: a ConnectionException on both transports, at once.
      assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ConnectionException.class);
      holder.heldReplies.forEach(reply -> reply.complete("too late"));
      closing.join();
      assertThat(a.held.get() + b.held.get()).as("the call was not sent again").isEqualTo(1);
    }
  }

  @Test
  void connectionsAreReplacedAtTheirMaximumAgeWithoutFailingCalls() {
    Replica a = replica("127.0.0.2");
    try (ZeroClient client = builder(a.hostPort()).maxConnectionAge(Duration.ofMillis(20)).build()) {
      AtomicInteger answered = new AtomicInteger();
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        assertThat(client.call("where", String.class)).isEqualTo("127.0.0.2");
        answered.incrementAndGet();
        return balancer(client).transportsOpened() >= 4;
      });
      assertThat(a.calls.get()).isEqualTo(answered.get());
    }
  }

  @Test
  void targetsAreCheckedWhenTheBuilderIsMade() {
    assertThatThrownBy(() -> ZeroClient.builder("h1:5559,h2")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host:port");
    assertThatThrownBy(() -> ZeroClient.builder("h1:0")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1..65535");
    assertThatThrownBy(() -> ZeroClient.builder("nosuch:///x:1")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no resolver for the scheme 'nosuch'");
    assertThatThrownBy(() -> ZeroClient.builder("::1:5559")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("brackets");
    try (ZeroClient client = ZeroClient.builder("[::1]:5559,127.0.0.1:5559").protocol(protocol()).build()) {
      assertThat(client.toString()).isEqualTo("ZeroClient[[::1]:5559,127.0.0.1:5559 (" + protocol() + ")]");
    }
  }

  private static InetAddress ip(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
