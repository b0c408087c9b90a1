package io.zeroapi.examples.metrics;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.zeroapi.Protocol;
import io.zeroapi.ZeroServer;
import io.zeroapi.micrometer.ZeroMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A Zero server whose metrics Prometheus scrapes: the zero-micrometer interceptor and transport
 * figures in a Prometheus registry, served as text on {@code GET /metrics} by the JDK's HTTP
 * server. Run it, call it ({@code zero call 127.0.0.1:5559 hello_world --protocol tcp}), then {@code curl localhost:9464/metrics}.
 */
public final class MetricsServer implements AutoCloseable {
  private final ZeroServer server;
  private final HttpServer http;

  private MetricsServer(ZeroServer server, HttpServer http) {
    this.server = server;
    this.http = http;
  }

  /**
   * Starts the Zero server on {@code port} and the metrics endpoint on {@code metricsPort} (0: free
   * ports), both on {@code host}.
   */
  public static MetricsServer start(String host, int port, int metricsPort) throws IOException {
    // README:metrics:start
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ZeroMetrics metrics = ZeroMetrics.of(registry);

    ZeroServer server = ZeroServer.builder().host(host).port(port).protocol(Protocol.TCP)
        .intercept(metrics.server()) // calls by function and outcome, latency, calls in flight
        .build();
    server.register("hello_world", () -> "hello world");
    metrics.bind(server.start()); // connections, bytes, refused connections, busy replies

    HttpServer http = HttpServer.create(new InetSocketAddress(host, metricsPort), 0);
    http.createContext("/metrics", exchange -> {
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    http.start();
    // README:metrics:end
    return new MetricsServer(server, http);
  }

  /** The Zero server. */
  public ZeroServer server() {
    return server;
  }

  /** The port of {@code GET /metrics}. */
  public int metricsPort() {
    return http.getAddress().getPort();
  }

  @Override
  public void close() {
    http.stop(0);
    server.close();
  }

  public static void main(String[] args) throws IOException {
    try (MetricsServer running = start("0.0.0.0", 5559, 9464)) {
      running.server().run();
    }
  }
}
