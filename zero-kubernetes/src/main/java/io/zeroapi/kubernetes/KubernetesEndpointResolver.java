package io.zeroapi.kubernetes;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.zeroapi.EndpointResolver;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The endpoints of a Kubernetes Service, from its EndpointSlices watched through the API server
 * (an informer: one list, then a watch; no polling). An endpoint counts while its {@code ready}
 * condition is not false: a terminating pod leaves the list as soon as Kubernetes marks it, before
 * its server stops.
 *
 * <p>The client's service account needs {@code get}, {@code list} and {@code watch} on {@code
 * endpointslices} of the {@code discovery.k8s.io} API group in the Service's namespace. Each client
 * holds one watch on the API server: for thousands of clients, prefer {@code dns:///} over a
 * headless Service.
 *
 * <pre>{@code
 * ZeroClient client = ZeroClient.builder("k8s:///orders.shop:5559").protocol(Protocol.TCP).build();
 * // or, with a Kubernetes client of your own:
 * ZeroClient.builder(KubernetesEndpointResolver.of(kubernetesClient, "orders", "shop", "zero")).build();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class KubernetesEndpointResolver implements EndpointResolver {
  /** The label that ties an EndpointSlice to its Service. */
  static final String SERVICE_LABEL = "kubernetes.io/service-name";

  private final KubernetesClient client;
  private final boolean ownsClient;
  private final String service;
  private final String namespace;
  private final String port;
  private final Object lock = new Object();
  private SharedIndexInformer<EndpointSlice> informer; // guarded by lock
  private List<InetSocketAddress> last; // guarded by lock; null until the first push
  private boolean closed; // guarded by lock

  private KubernetesEndpointResolver(KubernetesClient client, boolean ownsClient, String service, String namespace,
      String port) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.service = service;
    this.namespace = namespace;
    this.port = port;
  }

  /**
   * The endpoints of {@code service} in {@code namespace}, watched with {@code client} (which
   * stays open when the resolver closes).
   *
   * @param client a Kubernetes client
   * @param service the Service's name
   * @param namespace its namespace
   * @param port the port's name in the Service (e.g. {@code zero}), or a port number used as is
   * @return a resolver, started by the Zero client it is given to
   */
  public static KubernetesEndpointResolver of(KubernetesClient client, String service, String namespace, String port) {
    return new KubernetesEndpointResolver(Objects.requireNonNull(client, "client"), false,
        Objects.requireNonNull(service, "service"), Objects.requireNonNull(namespace, "namespace"),
        Objects.requireNonNull(port, "port"));
  }

  /**
   * The resolver of a {@code k8s:///service.namespace:port} target, on a Kubernetes client of
   * the default configuration (in a pod: its service account), closed with the resolver. The
   * namespace defaults to the client's ({@code k8s:///service:port}).
   *
   * @param target e.g. {@code k8s:///orders.shop:5559} or {@code k8s:///orders.shop:zero}
   * @return a resolver
   * @throws IllegalArgumentException if the target is not of that form
   */
  public static KubernetesEndpointResolver of(URI target) {
    String[] parts = parse(target);
    KubernetesClient client = new KubernetesClientBuilder().build();
    String namespace = parts[1] != null ? parts[1] : client.getNamespace();
    return new KubernetesEndpointResolver(client, true, parts[0], namespace == null ? "default" : namespace, parts[2]);
  }

  /** {service, namespace or null, port} of {@code k8s:///service[.namespace]:port}. */
  static String[] parse(URI target) {
    String text = target.toString();
    String prefix = "k8s:///";
    if (!text.regionMatches(true, 0, prefix, 0, prefix.length())) {
      throw new IllegalArgumentException("expected k8s:///service.namespace:port, got " + text);
    }
    String rest = text.substring(prefix.length());
    int colon = rest.lastIndexOf(':');
    if (colon <= 0 || colon == rest.length() - 1) {
      throw new IllegalArgumentException("expected k8s:///service.namespace:port (a port name or number), got " + text);
    }
    String name = rest.substring(0, colon);
    String port = rest.substring(colon + 1);
    int dot = name.indexOf('.');
    String service = dot < 0 ? name : name.substring(0, dot);
    String namespace = dot < 0 ? null : name.substring(dot + 1);
    if (namespace != null && namespace.contains(".")) {
      namespace = namespace.substring(0, namespace.indexOf('.')); // orders.shop.svc.cluster.local
    }
    if (service.isEmpty() || (namespace != null && namespace.isEmpty())) {
      throw new IllegalArgumentException("expected k8s:///service.namespace:port, got " + text);
    }
    return new String[] {service, namespace, port};
  }

  @Override
  public void start(Listener listener) {
    ResourceEventHandler<EndpointSlice> handler = new ResourceEventHandler<>() {
      @Override
      public void onAdd(EndpointSlice slice) {
        push(listener);
      }

      @Override
      public void onUpdate(EndpointSlice before, EndpointSlice after) {
        push(listener);
      }

      @Override
      public void onDelete(EndpointSlice slice, boolean finalStateUnknown) {
        push(listener);
      }
    };
    synchronized (lock) {
      if (closed) {
        return;
      }
      informer = client.discovery().v1().endpointSlices().inNamespace(namespace).withLabel(SERVICE_LABEL, service)
          .inform(handler);
    }
    informer.stopped().whenComplete((v, e) -> {
      if (e != null) {
        listener.onError("watching the EndpointSlices of " + service + "." + namespace + " stopped: " + e.getMessage());
      }
    });
    // inform() returns once the first list is in the store: push it, even when empty (then calls
    // fail saying why instead of waiting for a first list).
    push(listener);
  }

  /** Pushes the endpoints of every slice in the informer's store, when they changed. */
  private void push(Listener listener) {
    List<InetSocketAddress> now;
    synchronized (lock) {
      if (closed || informer == null) {
        return;
      }
      now = endpoints(informer.getStore().list());
      if (now.equals(last)) {
        return;
      }
      last = now;
    }
    if (now.isEmpty()) {
      listener.onError("no ready endpoint in the EndpointSlices of " + service + "." + namespace);
    } else {
      listener.onEndpoints(now);
    }
  }

  /** The ready addresses of {@code slices} with this resolver's port, in a stable order. */
  List<InetSocketAddress> endpoints(List<EndpointSlice> slices) {
    Set<InetSocketAddress> out = new LinkedHashSet<>();
    for (EndpointSlice slice : slices) {
      Integer number = portOf(slice);
      if (number == null || slice.getEndpoints() == null) {
        continue;
      }
      for (Endpoint endpoint : slice.getEndpoints()) {
        EndpointConditions conditions = endpoint.getConditions();
        if (conditions != null && Boolean.FALSE.equals(conditions.getReady())) {
          continue; // not ready, or terminating
        }
        for (String address : endpoint.getAddresses()) {
          out.add(InetSocketAddress.createUnresolved(address, number));
        }
      }
    }
    List<InetSocketAddress> sorted = new ArrayList<>(out);
    sorted.sort((a, b) -> a.toString().compareTo(b.toString()));
    return sorted;
  }

  private Integer portOf(EndpointSlice slice) {
    if (port.chars().allMatch(Character::isDigit)) {
      return Integer.valueOf(port);
    }
    if (slice.getPorts() != null) {
      for (EndpointPort p : slice.getPorts()) {
        if (port.equals(p.getName())) {
          return p.getPort();
        }
      }
    }
    return null;
  }

  @Override
  public void close() {
    SharedIndexInformer<EndpointSlice> toStop;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      toStop = informer;
    }
    if (toStop != null) {
      toStop.close();
    }
    if (ownsClient) {
      client.close();
    }
  }

  @Override
  public String toString() {
    return "k8s:///" + service + "." + namespace + ":" + port;
  }
}
