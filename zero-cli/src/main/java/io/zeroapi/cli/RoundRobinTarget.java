package io.zeroapi.cli;

import io.zeroapi.AsyncZeroClient;
import io.zeroapi.ConnectionException;
import io.zeroapi.Protocol;
import io.zeroapi.ServerUnavailableException;
import io.zeroapi.ZeroClient;
import io.zeroapi.internal.Health;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stand-in until the multi-endpoint client exists: one {@link AsyncZeroClient} per
 * server, a health watcher per server ({@value Health#FUNCTION_NAME} every 100 ms), round robin
 * over the servers that answered SERVING, and a retry on the next one only when the call certainly
 * did not run: the server refused it ("Server is shutting down", a {@link
 * ServerUnavailableException}) or the TCP client could not connect ("Cannot connect to",
 * nothing was written). A call that timed out or lost its connection is a failure, never retried.
 */
final class RoundRobinTarget implements LoadTarget {
  private final List<Endpoint> endpoints = new ArrayList<>();
  private final AtomicLong next = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private volatile boolean closed;

  private static final class Endpoint {
    final AsyncZeroClient calls;
    final ZeroClient probe;
    volatile boolean serving = true;
    Thread watcher;

    Endpoint(AsyncZeroClient calls, ZeroClient probe) {
      this.calls = calls;
      this.probe = probe;
    }
  }

  RoundRobinTarget(Protocol protocol, List<HostPort> servers) {
    for (HostPort server : servers) {
      ZeroClient.Builder builder = ZeroClient.builder(server.host(), server.port()).protocol(protocol)
          .timeout(Duration.ofSeconds(10)).maxReconnectBackoff(Duration.ofMillis(200));
      Endpoint endpoint = new Endpoint(builder.buildAsync(), builder.build());
      endpoint.watcher = Thread.ofVirtual().name("health-" + server).start(() -> watch(endpoint));
      endpoints.add(endpoint);
    }
  }

  private void watch(Endpoint endpoint) {
    while (!closed) {
      endpoint.serving = answersServing(endpoint.probe);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Whether the server answers {@value Health#FUNCTION_NAME} with SERVING within 500 ms; false on any failure. */
  static boolean answersServing(ZeroClient probe) {
    try {
      return Map.of(Health.STATUS_KEY, Health.SERVING)
          .equals(probe.call(Health.FUNCTION_NAME, null, Object.class, Duration.ofMillis(500)));
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public CompletableFuture<String> echo(String value) {
    CompletableFuture<String> result = new CompletableFuture<>();
    attempt(value, result, endpoints.size());
    return result;
  }

  private void attempt(String value, CompletableFuture<String> result, int attemptsLeft) {
    Endpoint endpoint = pick();
    endpoint.calls.call("echo", value, String.class).whenComplete((reply, failure) -> {
      if (failure == null) {
        result.complete(reply);
      } else if (attemptsLeft > 1 && certainlyNotRun(failure)) {
        endpoint.serving = false; // until its watcher says otherwise
        retries.incrementAndGet();
        attempt(value, result, attemptsLeft - 1);
      } else {
        result.completeExceptionally(failure);
      }
    });
  }

  /** The next server in turn that answered SERVING; any server if none did (the call then says why). */
  private Endpoint pick() {
    int n = endpoints.size();
    long start = next.getAndIncrement();
    for (int i = 0; i < n; i++) {
      Endpoint candidate = endpoints.get((int) ((start + i) % n));
      if (candidate.serving) {
        return candidate;
      }
    }
    return endpoints.get((int) (start % n));
  }

  private static boolean certainlyNotRun(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    return cause instanceof ServerUnavailableException
        || (cause instanceof ConnectionException && cause.getMessage() != null
            && cause.getMessage().startsWith("Cannot connect to"));
  }

  @Override
  public long retries() {
    return retries.get();
  }

  @Override
  public void close() {
    closed = true;
    for (Endpoint endpoint : endpoints) {
      endpoint.watcher.interrupt();
      endpoint.calls.close();
      endpoint.probe.close();
    }
  }
}
