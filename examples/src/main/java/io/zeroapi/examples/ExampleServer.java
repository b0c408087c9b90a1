package io.zeroapi.examples;

import io.zeroapi.ZeroServer;

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

  /**
   * Registers the example functions ({@link ExampleService}, the implementation of {@link
   * ExampleApi}) on {@code server} and returns it.
   */
  public static ZeroServer register(ZeroServer server) {
    server.registerService(new ExampleService());
    return server;
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
