package io.zeroapi;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;

/**
 * Where a client's servers are: a source of endpoint lists that a client balances its calls over.
 * The client calls {@link #start(Listener)} once, then the resolver pushes a whole new list
 * whenever the set changes (never a delta); the client opens connections to new endpoints and
 * lets those that left finish their calls before closing them.
 *
 * <p>Zero ships a fixed list ({@code "h1:5559,h2:5559"}) and DNS ({@code dns:///name:port},
 * A/AAAA records, re-resolved on a timer and when a connection fails); other schemes plug in with
 * a {@link Provider} found by {@link java.util.ServiceLoader} (the optional {@code zero-kubernetes}
 * module adds {@code k8s:///service.namespace:port} that way), or by passing a resolver to {@link
 * ZeroClient#builder(EndpointResolver)}.
 *
 * <p>Thread safety: {@link #refresh()} and {@link #close()} may be called from any thread; the
 * listener may be called from any thread, but not concurrently with itself.
 */
public interface EndpointResolver extends AutoCloseable {

  /**
   * Starts resolving: pushes the first list to {@code listener} as soon as it is known (from this
   * call or later), then every changed list. Called once.
   *
   * @param listener where the lists go
   */
  void start(Listener listener);

  /**
   * A hint that an endpoint failed (a connection was refused): resolve again soon. Implementations
   * rate-limit it; the default does nothing.
   */
  default void refresh() {}

  /** Stops resolving; no list is pushed after it returns. The default does nothing. */
  @Override
  default void close() {}

  /** Receives a resolver's lists. */
  interface Listener {
    /**
     * The complete current list of endpoints (each a host name or IP address and a port). An
     * empty list means none is known: the client keeps its previous endpoints instead, as a
     * momentary empty answer is more often a glitch than a fleet of zero.
     *
     * @param endpoints the endpoints, in any order, without duplicates
     */
    void onEndpoints(List<InetSocketAddress> endpoints);

    /**
     * Resolution failed; the client keeps its previous endpoints and shows {@code message} in the
     * errors of calls that find no endpoint.
     *
     * @param message what failed, in a line
     */
    void onError(String message);
  }

  /**
   * Makes resolvers for one target scheme, e.g. {@code k8s}. Registered for {@link
   * java.util.ServiceLoader} (a {@code provides} in {@code module-info}, or {@code
   * META-INF/services/io.zeroapi.EndpointResolver$Provider}).
   */
  interface Provider {
    /**
     * The scheme this provider serves, lower case, e.g. {@code k8s} for {@code k8s:///...}.
     *
     * @return the scheme
     */
    String scheme();

    /**
     * A resolver of {@code target}.
     *
     * @param target the whole target, e.g. {@code k8s:///orders.shop:5559}
     * @return a new resolver, not started
     * @throws IllegalArgumentException if the target is malformed for this scheme
     */
    EndpointResolver create(URI target);
  }
}
