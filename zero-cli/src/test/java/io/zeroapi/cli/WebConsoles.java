package io.zeroapi.cli;

import io.zeroapi.Protocol;
import io.zeroapi.ZeroClient;
import io.zeroapi.cli.ui.WebConsole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Web consoles for the tests (on 127.0.0.1, a free port) and plain HTTP requests to them. */
final class WebConsoles {
  /** The consoles' default call timeout: not {@code zero call}'s 5000, so command lines carry it. */
  static final long TIMEOUT_MILLIS = 2_000;

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private WebConsoles() {}

  /** A console for the server at 127.0.0.1:{@code port}, whose page polls every {@code pollMillis}. */
  static WebConsole start(Protocol protocol, int port, long pollMillis) {
    return start(protocol, port, pollMillis, TIMEOUT_MILLIS);
  }

  /**
   * A console whose calls (and contract fetches) give up after {@code timeoutMillis}: short, for the
   * tests in which the server goes away and each call waits that long.
   */
  static WebConsole start(Protocol protocol, int port, long pollMillis, long timeoutMillis) {
    return WebConsole.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new HostPort("127.0.0.1", port),
        protocol, timeoutMillis, Long.parseLong(ClientOptions.DEFAULT_TIMEOUT_MILLIS), null,
        () -> ZeroClient.builder("127.0.0.1", port).protocol(protocol).timeout(Duration.ofMillis(timeoutMillis)).build(),
        pollMillis);
  }

  /**
   * An answer of the console.
   *
   * @param status the HTTP status
   * @param body the JSON body, parsed
   * @param contentType the Content-Type header
   */
  record Reply(int status, Map<String, Object> body, String contentType) {}

  static Reply get(WebConsole console, String path) {
    return send(HttpRequest.newBuilder(console.uri().resolve(path)).GET());
  }

  /** POSTs {@code body} (written as JSON) with Content-Type application/json. */
  static Reply post(WebConsole console, String path, Object body) {
    return send(HttpRequest.newBuilder(console.uri().resolve(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))));
  }

  static Reply send(HttpRequest.Builder request) {
    HttpResponse<String> response = raw(request);
    @SuppressWarnings("unchecked")
    Map<String, Object> body = response.body().startsWith("{") ? (Map<String, Object>) Json.parse(response.body()) : Map.of();
    return new Reply(response.statusCode(), body, response.headers().firstValue("Content-Type").orElse(""));
  }

  /** The page's text at {@code path}. */
  static String text(WebConsole console, String path) {
    return raw(HttpRequest.newBuilder(console.uri().resolve(path))).body();
  }

  private static HttpResponse<String> raw(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
