package io.zeroapi.cli.ui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.zeroapi.Protocol;
import io.zeroapi.ZeroClient;
import io.zeroapi.cli.HostPort;
import io.zeroapi.cli.Json;
import io.zeroapi.cli.ProtocolConverter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The web console of {@code zero ui}: a small HTTP server (the JDK's own) that serves one page and
 * a JSON API over one Zero client.
 *
 * <ul>
 *   <li>{@code GET /}: the page ({@code index.html}, {@code console.css}, {@code console.js},
 *       resources of the jar).
 *   <li>{@code GET /api/contract}: {@code ok}, {@code server}, {@code protocol}, {@code
 *       timeoutMillis}, {@code pollMillis} and the {@link ContractView} as {@code contract}; or
 *       {@code ok: false}, {@code errorKind} and {@code errorText} (status 502) when the server
 *       does not answer with one.
 *   <li>{@code POST /api/call} with {@code {"function", "argumentJson", "timeoutMillis"}}: the
 *       outcome of {@link ConsoleCalls#call} (status 200 whether the call succeeded or not); status
 *       400 with {@code errorKind} {@code invalid-json} (the argument is not one JSON value: nothing
 *       is sent) or {@code bad-request}.
 * </ul>
 *
 * <p>It calls the server for whoever reaches it, so it binds loopback unless told otherwise, and
 * refuses what a web page of another site could send from the user's browser: a request whose
 * {@code Origin} is not the console's own, a {@code POST} that is not {@code application/json}, and
 * (on a loopback address) a {@code Host} that is not loopback, which is what DNS rebinding sends.
 */
public final class WebConsole implements AutoCloseable {
  /** How often the page asks for the contract, to notice a server that went away or came back. */
  public static final long DEFAULT_POLL_MILLIS = 2_000;

  private static final int MAX_BODY_BYTES = 4 << 20;
  private static final Map<String, String> PAGES = Map.of(
      "/", "index.html", "/index.html", "index.html", "/console.css", "console.css", "/console.js", "console.js");

  private final HttpServer http;
  private final ExecutorService executor;
  private final ConsoleCalls calls;
  private final long pollMillis;
  private final boolean loopback;

  private WebConsole(HttpServer http, ExecutorService executor, ConsoleCalls calls, long pollMillis) {
    this.http = http;
    this.executor = executor;
    this.calls = calls;
    this.pollMillis = pollMillis;
    this.loopback = http.getAddress().getAddress().isLoopbackAddress();
  }

  /**
   * Starts a console.
   *
   * @param listen the address to serve the page on (port 0 picks a free one)
   * @param address the Zero server
   * @param protocol its transport
   * @param timeoutMillis the calls' default timeout
   * @param defaultTimeoutMillis {@code zero call}'s default timeout, left out of the page's command lines
   * @param curveServerKey the server's CURVE public key for the command lines, or {@code null}
   * @param clients builds the client (again after a connection failure)
   * @param pollMillis how often the page asks for the contract
   * @throws UncheckedIOException if {@code listen} cannot be bound
   */
  public static WebConsole start(InetSocketAddress listen, HostPort address, Protocol protocol, long timeoutMillis,
      long defaultTimeoutMillis, String curveServerKey, Supplier<ZeroClient> clients, long pollMillis) {
    HttpServer http;
    try {
      http = HttpServer.create(listen, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + listen + ": " + e.getMessage(), e);
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    ConsoleCalls calls = new ConsoleCalls(
        new ConsoleCalls.Target(address, protocol, timeoutMillis, defaultTimeoutMillis, curveServerKey), clients);
    WebConsole console = new WebConsole(http, executor, calls, pollMillis);
    http.createContext("/", console::handle);
    http.setExecutor(executor);
    http.start();
    return console;
  }

  /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
  public URI uri() {
    InetSocketAddress bound = http.getAddress();
    return URI.create("http://" + new HostPort(bound.getAddress().getHostAddress(), bound.getPort()) + "/");
  }

  /** The contract or the reason there is none, as {@code GET /api/contract} answers. */
  public Map<String, Object> contract() {
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("server", calls.target().address().toString());
    reply.put("protocol", ProtocolConverter.name(calls.target().protocol()));
    reply.put("timeoutMillis", calls.target().timeoutMillis());
    reply.put("pollMillis", pollMillis);
    reply.putAll(calls.contract());
    return reply;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      route(exchange);
    } catch (RuntimeException e) {
      json(exchange, 500, error("error", "the console failed: " + e));
    } finally {
      exchange.close();
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    String refusal = refusal(exchange);
    if (refusal != null) {
      json(exchange, 403, error("forbidden", refusal));
      return;
    }
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    if (PAGES.containsKey(path)) {
      if (!method.equals("GET") && !method.equals("HEAD")) {
        json(exchange, 405, error("bad-request", path + " answers GET only"));
        return;
      }
      page(exchange, PAGES.get(path));
    } else if (path.equals("/api/contract")) {
      if (!method.equals("GET")) {
        json(exchange, 405, error("bad-request", "/api/contract answers GET only"));
        return;
      }
      Map<String, Object> reply = contract();
      json(exchange, Boolean.TRUE.equals(reply.get("ok")) ? 200 : 502, reply);
    } else if (path.equals("/api/call")) {
      if (!method.equals("POST")) {
        json(exchange, 405, error("bad-request", "/api/call answers POST only"));
        return;
      }
      call(exchange);
    } else {
      json(exchange, 404, error("bad-request", "no such page: " + path));
    }
  }

  /** Why a request is refused (it may come from another site's page in the user's browser), or {@code null}. */
  private String refusal(HttpExchange exchange) {
    String host = exchange.getRequestHeaders().getFirst("Host");
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    if (origin != null && !origin.equals("http://" + host)) {
      return "requests from another site's page (Origin " + origin + ") are refused";
    }
    if (loopback && (host == null || !isLoopbackHost(host))) {
      return "this console listens on loopback only; the Host " + host + " is not a loopback name";
    }
    if (exchange.getRequestMethod().equals("POST")) {
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
        return "a POST must be application/json, got " + type;
      }
    }
    return null;
  }

  private static boolean isLoopbackHost(String host) {
    String name;
    try {
      name = URI.create("http://" + host + "/").getHost();
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (name == null) {
      return false;
    }
    if (name.equalsIgnoreCase("localhost")) {
      return true;
    }
    String literal = name.startsWith("[") ? name.substring(1, name.length() - 1) : name;
    if (!literal.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false; // a name would need a DNS look-up; only literals and localhost are loopback for sure
    }
    try {
      return InetAddress.getByName(literal).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  private void call(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
    if (body.length > MAX_BODY_BYTES) {
      json(exchange, 413, error("bad-request", "the request is larger than " + MAX_BODY_BYTES + " bytes"));
      return;
    }
    Object request;
    try {
      request = Json.parse(new String(body, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      json(exchange, 400, error("bad-request", "the request is not JSON: " + e.getMessage()));
      return;
    }
    if (!(request instanceof Map<?, ?> fields) || !(fields.get("function") instanceof String function)
        || function.isBlank()) {
      json(exchange, 400, error("bad-request", "the request needs {\"function\": NAME, \"argumentJson\": TEXT}"));
      return;
    }
    long timeoutMillis = calls.target().timeoutMillis();
    Object timeout = fields.get("timeoutMillis");
    if (timeout != null) {
      if (!(timeout instanceof Number number) || number.longValue() <= 0 || number.doubleValue() != number.longValue()) {
        json(exchange, 400, error("bad-request", "timeoutMillis must be a positive whole number, got " + timeout));
        return;
      }
      timeoutMillis = number.longValue();
    }
    Object argumentJson = fields.get("argumentJson");
    Object argument = null;
    if (argumentJson != null && !(argumentJson instanceof String)) {
      json(exchange, 400, error("bad-request", "argumentJson must be the argument as JSON text (a string)"));
      return;
    }
    if (argumentJson instanceof String text && !text.isBlank()) {
      try {
        argument = Json.parse(text);
      } catch (IllegalArgumentException e) {
        json(exchange, 400, error("invalid-json", "the argument is not one valid JSON value, so nothing was sent "
            + "(strings need double quotes: \"hi\"): " + e.getMessage()));
        return;
      }
    }
    json(exchange, 200, calls.call(function.strip(), argument, timeoutMillis));
  }

  private static Map<String, Object> error(String kind, String text) {
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("ok", false);
    reply.put("errorKind", kind);
    reply.put("errorText", text);
    return reply;
  }

  private void page(HttpExchange exchange, String name) throws IOException {
    byte[] bytes;
    try (InputStream in = WebConsole.class.getResourceAsStream(name)) {
      if (in == null) {
        json(exchange, 500, error("error", "the jar lacks the page's resource " + name));
        return;
      }
      bytes = in.readAllBytes();
    }
    String type = name.endsWith(".html") ? "text/html" : name.endsWith(".css") ? "text/css" : "text/javascript";
    send(exchange, 200, type + "; charset=utf-8", bytes);
  }

  private static void json(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
    send(exchange, status, "application/json; charset=utf-8", Json.write(body).getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] bytes) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.getResponseHeaders().set("Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Stops serving the page and closes the client. */
  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
    calls.close();
  }
}
