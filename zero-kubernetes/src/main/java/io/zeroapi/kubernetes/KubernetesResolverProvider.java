package io.zeroapi.kubernetes;

import io.zeroapi.EndpointResolver;
import java.net.URI;

/**
 * Serves the {@code k8s} target scheme ({@code k8s:///service.namespace:port}) to {@link
 * io.zeroapi.ZeroClient#builder(String)}, found by {@link java.util.ServiceLoader}: having this
 * module on the class or module path is enough.
 */
public final class KubernetesResolverProvider implements EndpointResolver.Provider {
  /** Made by {@link java.util.ServiceLoader}. */
  public KubernetesResolverProvider() {}

  @Override
  public String scheme() {
    return "k8s";
  }

  @Override
  public EndpointResolver create(URI target) {
    return KubernetesEndpointResolver.of(target);
  }
}
