package io.zeroapi.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.zeroapi.ConnectionException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional HTTP probe port of a server, on the JDK's own HTTP server (no dependency): {@code GET
 * /livez} answers 200 while the process runs, {@code GET /readyz} 200 while the server takes calls
 * and 503 before it started and from the moment it drains. Other paths 404, other methods 405.
 * One platform thread answers; a probe costs a few microseconds and never touches the RPC path.
 */
public final class HealthHttpServer {
  private static final Logger log = LoggerFactory.getLogger(HealthHttpServer.class);

  private final HttpServer server;

  private HealthHttpServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Binds {@code host:port} and starts answering.
   *
   * @param ready whether {@value Health#READINESS_PATH} answers 200
   * @throws ConnectionException if the address cannot be bound
   */
  public static HealthHttpServer start(String host, int port, BooleanSupplier ready) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new ConnectionException("Cannot bind the health port " + host + ":" + port + ": " + e.getMessage(), e);
    }
    server.createContext("/", exchange -> answer(exchange, ready));
    server.setExecutor(Executors.newSingleThreadExecutor(
        Thread.ofPlatform().name("zero-health-http").daemon(true).factory()));
    server.start();
    log.info("Health probe listening on http://{}:{} ({} and {})", host, server.getAddress().getPort(),
        Health.LIVENESS_PATH, Health.READINESS_PATH);
    return new HealthHttpServer(server);
  }

  /** The bound port (the real one when 0 was asked for). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops answering and releases the port and thread. */
  public void close() {
    server.stop(0);
    if (server.getExecutor() instanceof java.util.concurrent.ExecutorService executor) {
      executor.shutdownNow();
    }
  }

  private static void answer(HttpExchange exchange, BooleanSupplier ready) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      int status;
      String body;
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        status = 405;
        body = "method not allowed";
      } else if (path.equals(Health.LIVENESS_PATH)) {
        status = 200;
        body = "ok";
      } else if (path.equals(Health.READINESS_PATH)) {
        boolean serving = ready.getAsBoolean();
        status = serving ? 200 : 503;
        body = serving ? Health.SERVING : Health.NOT_SERVING;
      } else {
        status = 404;
        body = "not found: " + Health.LIVENESS_PATH + " or " + Health.READINESS_PATH;
      }
      byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(status, -1);
      } else {
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }
}
