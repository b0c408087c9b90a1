package io.zeroapi.internal.balance;

import io.zeroapi.EndpointResolver;
import java.net.InetSocketAddress;
import java.util.List;

/** A fixed list of endpoints, pushed once. */
public final class StaticResolver implements EndpointResolver {
  private final List<InetSocketAddress> endpoints;

  /** @param endpoints the endpoints, not empty */
  public StaticResolver(List<InetSocketAddress> endpoints) {
    this.endpoints = List.copyOf(endpoints);
  }

  @Override
  public void start(Listener listener) {
    listener.onEndpoints(endpoints);
  }

  @Override
  public String toString() {
    return Targets.describe(endpoints);
  }
}
