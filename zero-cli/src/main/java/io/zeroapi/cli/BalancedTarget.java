package io.zeroapi.cli;

import io.zeroapi.AsyncZeroClient;
import io.zeroapi.Protocol;
import io.zeroapi.ZeroClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The load over the multi-endpoint client: one {@link AsyncZeroClient} whose target is the list of
 * servers (or a {@code dns:///} name), which balances, ejects and retries by itself (docs/scale-out.md).
 */
final class BalancedTarget implements LoadTarget {
  private final AsyncZeroClient client;

  /** @param target a target as {@link ZeroClient#builder(String)} takes it */
  BalancedTarget(Protocol protocol, String target) {
    this(protocol, target, Duration.ofSeconds(10));
  }

  /** @param target a target as {@link ZeroClient#builder(String)} takes it (one address: a plain client) */
  BalancedTarget(Protocol protocol, String target, Duration timeout) {
    this.client = ZeroClient.builder(target).protocol(protocol).timeout(timeout)
        .maxReconnectBackoff(Duration.ofMillis(200)).buildAsync();
  }

  BalancedTarget(Protocol protocol, List<HostPort> servers) {
    this(protocol, servers.stream().map(HostPort::toString).collect(Collectors.joining(",")));
  }

  @Override
  public CompletableFuture<String> echo(String value) {
    return client.call("echo", value, String.class);
  }

  @Override
  public void close() {
    client.close();
  }
}
