package io.zeroapi.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.zeroapi.EndpointResolver;
import io.zeroapi.Protocol;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The k8s:/// resolver against fabric8's mock API server (CRUD mode: it stores and watches what the test writes). */
@EnableKubernetesMockClient(crud = true)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KubernetesEndpointResolverTest {
  KubernetesClient client; // set by the mock server's extension

  /** A slice of Service {@code orders} in {@code shop}: port {@code zero}, addresses ready or not. */
  private static EndpointSlice slice(String name, int port, Map<String, Boolean> ready) {
    List<io.fabric8.kubernetes.api.model.discovery.v1.Endpoint> endpoints = new ArrayList<>();
    ready.forEach((address, isReady) -> endpoints.add(new EndpointBuilder().addToAddresses(address)
        .withNewConditions().withReady(isReady).withServing(true).withTerminating(!isReady).endConditions().build()));
    return new EndpointSliceBuilder()
        .withNewMetadata().withName(name).withNamespace("shop")
        .addToLabels(KubernetesEndpointResolver.SERVICE_LABEL, "orders").endMetadata()
        .withAddressType("IPv4")
        .addNewPort().withName("zero").withPort(port).withProtocol("TCP").endPort()
        .withEndpoints(endpoints)
        .build();
  }

  private static Map<String, Boolean> ready(Object... addressAndReady) {
    Map<String, Boolean> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < addressAndReady.length; i += 2) {
      map.put((String) addressAndReady[i], (Boolean) addressAndReady[i + 1]);
    }
    return map;
  }

  private static final class Recorder implements EndpointResolver.Listener {
    final AtomicReference<List<InetSocketAddress>> last = new AtomicReference<>();
    final List<String> errors = new CopyOnWriteArrayList<>();

    @Override
    public void onEndpoints(List<InetSocketAddress> endpoints) {
      last.set(endpoints);
    }

    @Override
    public void onError(String message) {
      errors.add(message);
    }

    List<String> hosts() {
      List<InetSocketAddress> now = last.get();
      List<String> out = new ArrayList<>();
      if (now != null) {
        now.forEach(a -> out.add(a.getHostString() + ":" + a.getPort()));
      }
      return out;
    }
  }

  @Test
  void readyEndpointsArePushedAndFollowTheSlices() {
    client.resource(slice("orders-a", 5559, ready("10.0.0.1", true, "10.0.0.2", false))).create();
    Recorder recorder = new Recorder();
    try (KubernetesEndpointResolver resolver = KubernetesEndpointResolver.of(client, "orders", "shop", "zero")) {
      resolver.start(recorder);
      await().atMost(Duration.ofSeconds(20)).until(() -> recorder.hosts().equals(List.of("10.0.0.1:5559")));
      client.resource(slice("orders-a", 5559, ready("10.0.0.1", true, "10.0.0.2", true))).update();
      client.resource(slice("orders-b", 5559, ready("10.0.0.3", true))).create();
      await().atMost(Duration.ofSeconds(20))
          .until(() -> recorder.hosts().equals(List.of("10.0.0.1:5559", "10.0.0.2:5559", "10.0.0.3:5559")));
      client.resource(slice("orders-a", 5559, ready("10.0.0.1", false, "10.0.0.2", true))).update(); // 10.0.0.1 terminates
      await().atMost(Duration.ofSeconds(20))
          .until(() -> recorder.hosts().equals(List.of("10.0.0.2:5559", "10.0.0.3:5559")));
    }
  }

  @Test
  void aServiceWithoutReadyEndpointsIsReportedAsAnError() {
    Recorder recorder = new Recorder();
    try (KubernetesEndpointResolver resolver = KubernetesEndpointResolver.of(client, "orders", "shop", "zero")) {
      resolver.start(recorder);
      await().atMost(Duration.ofSeconds(20)).until(() -> !recorder.errors.isEmpty());
      assertThat(recorder.errors.get(0)).contains("no ready endpoint").contains("orders.shop");
      assertThat(recorder.last.get()).isNull();
    }
  }

  @Test
  void aZeroClientCallsThePodsOfTheServiceAndLeavesATerminatingOne() {
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    List<ZeroServer> servers = new ArrayList<>();
    int port = 0;
    for (String host : List.of("127.0.0.2", "127.0.0.3")) {
      ZeroServer server = ZeroServer.builder().host(host).port(port).protocol(Protocol.TCP).build();
      server.register("where", () -> {
        calls.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
        return host;
      });
      server.start();
      port = server.port(); // the second pod listens on the same port, as pods of one Deployment do
      servers.add(server);
    }
    try {
      client.resource(slice("orders-a", port, ready("127.0.0.2", true, "127.0.0.3", true))).create();
      try (ZeroClient zero = ZeroClient.builder(KubernetesEndpointResolver.of(client, "orders", "shop", "zero"))
          .protocol(Protocol.TCP).build()) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
          zero.call("where", String.class);
          return calls.containsKey("127.0.0.2") && calls.containsKey("127.0.0.3");
        });
        client.resource(slice("orders-a", port, ready("127.0.0.2", false, "127.0.0.3", true))).update();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
          int before = calls.get("127.0.0.2").get();
          for (int i = 0; i < 20; i++) {
            zero.call("where", String.class);
          }
          return calls.get("127.0.0.2").get() == before;
        });
        int before = calls.get("127.0.0.2").get();
        for (int i = 0; i < 50; i++) {
          assertThat(zero.call("where", String.class)).isEqualTo("127.0.0.3");
        }
        assertThat(calls.get("127.0.0.2").get()).isEqualTo(before);
      }
    } finally {
      servers.forEach(ZeroServer::close);
    }
  }

  @Test
  void targetsAreParsed() {
    assertThat(KubernetesEndpointResolver.parse(URI.create("k8s:///orders.shop:5559")))
        .containsExactly("orders", "shop", "5559");
    assertThat(KubernetesEndpointResolver.parse(URI.create("k8s:///orders.shop.svc.cluster.local:zero")))
        .containsExactly("orders", "shop", "zero");
    assertThat(KubernetesEndpointResolver.parse(URI.create("k8s:///orders:zero"))).containsExactly("orders", null, "zero");
    assertThatThrownBy(() -> KubernetesEndpointResolver.parse(URI.create("k8s:///orders")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("service.namespace:port");
  }

  @Test
  void theSchemeIsFoundByTheCoreThroughTheServiceLoader() {
    // Checking a target looks its scheme up without connecting anywhere.
    assertThat(ZeroClient.builder("k8s:///orders.shop:5559")).isNotNull();
    assertThat(new KubernetesResolverProvider().scheme()).isEqualTo("k8s");
  }
}
