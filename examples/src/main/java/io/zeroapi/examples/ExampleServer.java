package io.zeroapi.examples;

import io.zeroapi.TypeRef;
import io.zeroapi.ZeroServer;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The example server: the functions of the Python original's interop server (see the wire captures)
 * plus a few that show more of the API. {@code ./zero demo} and {@code ./zero serve} run it.
 *
 * <table>
 *   <caption>Functions</caption>
 *   <tr><th>name</th><th>argument</th><th>returns</th></tr>
 *   <tr><td>hello_world</td><td>none</td><td>{@code "hello world"}</td></tr>
 *   <tr><td>echo</td><td>String</td><td>the same string</td></tr>
 *   <tr><td>process_order</td><td>{@link Order}</td><td>id+1, price*2, name upper-cased, created_at + 1 day, items + "processed"</td></tr>
 *   <tr><td>echo_point</td><td>{@link Point}</td><td>x*10, y/2, label reversed, ts unchanged, tags reversed</td></tr>
 *   <tr><td>fail</td><td>String</td><td>always throws {@code RuntimeException(msg)}: the caller gets a
 *       RemoteException with the text {@code RuntimeException('msg')}</td></tr>
 *   <tr><td>sleep</td><td>int (ms)</td><td>{@code "slept for N msecs"} after blocking that long</td></tr>
 *   <tr><td>sleep_async</td><td>int (ms)</td><td>the same, without holding a thread (async function)</td></tr>
 *   <tr><td>sum_list</td><td>list of int</td><td>their sum</td></tr>
 *   <tr><td>divide</td><td>[a, b] (a Python tuple travels as an array)</td><td>a / b, rounded toward zero;
 *       b = 0 is a remote ArithmeticException</td></tr>
 * </table>
 */
public final class ExampleServer {
  /** The port {@link #main} uses unless told otherwise. */
  public static final int DEFAULT_PORT = 5559;

  private ExampleServer() {}

  /** Registers the example functions on {@code server} and returns it. */
  public static ZeroServer register(ZeroServer server) {
    server.register("hello_world", () -> "hello world");
    server.register("echo", String.class, message -> message);
    server.register("process_order", Order.class, ExampleServer::processOrder);
    server.register("echo_point", Point.class, ExampleServer::echoPoint);
    server.register("fail", String.class, message -> {
      throw new RuntimeException(message);
    });
    server.register("sleep", Integer.class, ms -> {
      Thread.sleep(ms);
      return "slept for " + ms + " msecs";
    });
    server.registerAsync("sleep_async", Integer.class, ms -> CompletableFuture.supplyAsync(
        () -> "slept for " + ms + " msecs", CompletableFuture.delayedExecutor(ms, TimeUnit.MILLISECONDS)));
    server.register("sum_list", new TypeRef<List<Integer>>() {}, numbers -> {
      int sum = 0;
      for (int n : numbers) {
        sum += n;
      }
      return sum;
    });
    server.register("divide", new TypeRef<List<Integer>>() {}, pair -> {
      if (pair.size() != 2) {
        throw new IllegalArgumentException("divide takes [a, b], got " + pair.size() + " numbers");
      }
      return pair.get(0) / pair.get(1); // Java's int division rounds toward zero, like Python's int(a / b)
    });
    return server;
  }

  static Order processOrder(Order order) {
    List<String> items = new ArrayList<>(order.items());
    items.add("processed");
    return new Order(order.id() + 1, order.price() * 2, order.name().toUpperCase(java.util.Locale.ROOT),
        order.created_at().plus(1, ChronoUnit.DAYS), items);
  }

  static Point echoPoint(Point point) {
    List<Long> tags = new ArrayList<>(point.tags());
    Collections.reverse(tags);
    return new Point(point.x() * 10, point.y() / 2, new StringBuilder(point.label()).reverse().toString(), point.ts(), tags);
  }

  /**
   * Runs the example server on all interfaces until Ctrl-C or SIGTERM. The port is the first
   * argument, else the system property {@code port}, else 5559.
   */
  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : Integer.getInteger("port", DEFAULT_PORT);
    register(ZeroServer.create(port)).run();
  }
}
