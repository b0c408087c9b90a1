package io.zeroapi.internal.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.ConnectionException;
import io.zeroapi.LoadBalancing;
import io.zeroapi.codec.MsgpackCodec;
import io.zeroapi.internal.ClientTransport;
import io.zeroapi.internal.Deadline;
import io.zeroapi.internal.Reply;
import io.zeroapi.internal.WriteMark;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The balancer's rules on fake endpoints: which calls are retried, how many endpoints may be ejected. */
class BalancedTransportTest {
  /** How a fake endpoint answers. */
  enum Behaviour { ANSWERS, REFUSES, LOSES_AFTER_WRITE, BUSY, DRAINING }

  private final Map<String, Behaviour> behaviour = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();

  private final class Fake implements ClientTransport {
    private final String host;

    Fake(String host) {
      this.host = host;
    }

    @Override
    public CompletableFuture<Reply> call(String function, byte[] argument, Deadline deadline) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Reply> call(String function, byte[] argument, Deadline deadline, WriteMark mark) {
      if (function.equals("f")) {
        received.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet(); // health probes not counted
      }
      switch (behaviour.get(host)) {
        case DRAINING: // still answers calls, but its health says it is about to stop
          mark.markWritten();
          return CompletableFuture.completedFuture(new Reply(MsgpackCodec.create().encode(
              function.equals(BalancedTransport.HEALTH_FUNCTION) ? Map.of("status", "NOT_SERVING") : host), false));
        case REFUSES:
          return CompletableFuture.failedFuture(new ConnectionException("Cannot connect to " + host + ": refused"));
        case BUSY:
          mark.markWritten();
          return CompletableFuture.completedFuture(new Reply(io.zeroapi.internal.ErrorReplies.encode(
              io.zeroapi.internal.ErrorKeys.SERVER_EXCEPTION, io.zeroapi.internal.ErrorKeys.BUSY + ": 1 call at most"),
              false));
        case LOSES_AFTER_WRITE:
          mark.markWritten();
          return CompletableFuture.failedFuture(new ConnectionException("Connection to " + host + " lost"));
        default:
          mark.markWritten();
          return CompletableFuture.completedFuture(new Reply(MsgpackCodec.create().encode(host), false));
      }
    }

    @Override
    public void close() {}
  }

  private BalancedTransport balancer(int n, LoadBalancing policy) {
    List<InetSocketAddress> endpoints = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String host = "h" + i;
      behaviour.putIfAbsent(host, Behaviour.ANSWERS);
      endpoints.add(InetSocketAddress.createUnresolved(host, 5559));
    }
    return new BalancedTransport(new StaticResolver(endpoints), a -> new Fake(a.getHostString()),
        MsgpackCodec.create(), BalancedTransport.Settings.defaults(policy, 0).withoutHealthChecks(), "test");
  }

  private static String call(BalancedTransport balancer) throws Exception {
    Reply reply = balancer.call("f", null, Deadline.after(5_000)).get();
    return (String) MsgpackCodec.create().decode(reply.payload(), 0, reply.payload().length, String.class);
  }

  @Test
  void thePeriodicHealthCheckLeavesADrainingEndpointWhileItStillAnswers() throws Exception {
    behaviour.put("h0", Behaviour.DRAINING);
    behaviour.put("h1", Behaviour.ANSWERS);
    List<InetSocketAddress> endpoints = List.of(InetSocketAddress.createUnresolved("h0", 5559),
        InetSocketAddress.createUnresolved("h1", 5559));
    BalancedTransport.Settings checkOften = new BalancedTransport.Settings(LoadBalancing.ROUND_ROBIN, 0, 1_000, 30_000,
        1_000, 20);
    try (BalancedTransport balancer = new BalancedTransport(new StaticResolver(endpoints), a -> new Fake(a.getHostString()),
        MsgpackCodec.create(), checkOften, "test")) {
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
          .until(() -> balancer.ejectedEndpoints().size() == 1);
      int before = received.getOrDefault("h0", new AtomicInteger()).get();
      for (int i = 0; i < 20; i++) {
        assertThat(call(balancer)).isEqualTo("h1");
      }
      assertThat(received.getOrDefault("h0", new AtomicInteger()).get()).as("calls to the draining endpoint").isEqualTo(before);
    }
  }

  @Test
  void aRefusedCallGoesToAnotherEndpointAndNeverMoreThanHalfAreEjected() throws Exception {
    behaviour.put("h0", Behaviour.REFUSES);
    behaviour.put("h1", Behaviour.REFUSES);
    behaviour.put("h2", Behaviour.REFUSES);
    try (BalancedTransport balancer = balancer(4, LoadBalancing.LEAST_IN_FLIGHT)) {
      for (int i = 0; i < 50; i++) {
        assertThat(call(balancer)).isEqualTo("h3");
      }
      assertThat(balancer.ejectedEndpoints()).hasSize(2);
    }
  }

  @Test
  void aCallTheServerRefusedWithoutRunningItGoesToAnotherEndpoint() throws Exception {
    behaviour.put("h0", Behaviour.BUSY);
    try (BalancedTransport balancer = balancer(2, LoadBalancing.ROUND_ROBIN)) {
      for (int i = 0; i < 10; i++) {
        assertThat(call(balancer)).isEqualTo("h1");
      }
      assertThat(received.get("h0").get()).as("refusals").isPositive();
    }
  }

  @Test
  void aCallWrittenBeforeItsConnectionWasLostIsNotRetried() {
    behaviour.put("h0", Behaviour.LOSES_AFTER_WRITE);
    behaviour.put("h1", Behaviour.LOSES_AFTER_WRITE);
    try (BalancedTransport balancer = balancer(2, LoadBalancing.ROUND_ROBIN)) {
      for (int i = 0; i < 10; i++) {
        assertThatThrownBy(() -> call(balancer)).isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(ConnectionException.class);
      }
      assertThat(received.get("h0").get() + received.get("h1").get()).as("calls received").isEqualTo(10);
    }
  }

  @Test
  void withEveryEndpointRefusingACallFailsAfterTryingEachOnce() {
    behaviour.put("h0", Behaviour.REFUSES);
    behaviour.put("h1", Behaviour.REFUSES);
    try (BalancedTransport balancer = balancer(2, LoadBalancing.LEAST_IN_FLIGHT)) {
      assertThatThrownBy(() -> call(balancer)).hasCauseInstanceOf(ConnectionException.class)
          .hasMessageContaining("refused");
      assertThat(balancer.ejectedEndpoints()).hasSizeLessThanOrEqualTo(1);
    }
  }

  @Test
  void aResolverThatCannotStartFailsCallsSayingWhy() {
    io.zeroapi.EndpointResolver broken = listener -> {
      throw new IllegalStateException("API server unreachable");
    };
    try (BalancedTransport balancer = new BalancedTransport(broken, a -> new Fake(a.getHostString()),
        MsgpackCodec.create(), BalancedTransport.Settings.defaults(LoadBalancing.LEAST_IN_FLIGHT, 0).withoutHealthChecks(), "k8s:///x.y:1")) {
      assertThatThrownBy(() -> call(balancer)).hasCauseInstanceOf(ConnectionException.class)
          .hasMessageContaining("No endpoint of k8s:///x.y:1").hasMessageContaining("API server unreachable");
    }
  }

  @Test
  void ejectionsGrowAndStayWithinBoundsWithJitter() {
    try (BalancedTransport balancer = balancer(2, LoadBalancing.LEAST_IN_FLIGHT)) {
      for (int n = 1; n <= 10; n++) {
        long base = Math.min(1_000L << (n - 1), 30_000);
        assertThat(balancer.ejectionMillis(n)).isBetween((long) (base * 0.8), (long) (base * 1.2));
      }
    }
  }
}
