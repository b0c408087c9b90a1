package io.zeroapi.examples;

import io.zeroapi.ZeroClient;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The README's typed client: {@link ExampleServer}'s functions called through {@link ExampleApi}. */
public final class TypedClient {
  private TypedClient() {}

  // README:typed-client:start
  public static List<Object> run(String host, int port) {
    try (ZeroClient client = ZeroClient.connect(host, port)) {
      ExampleApi api = client.proxy(ExampleApi.class); // checks every method now, connects at the first call
      String echoed = api.echo("hi"); // blocks until the reply
      int sum = api.sumList(List.of(1, 2, 3));
      CompletableFuture<String> slept = api.sleepAsync(10); // returns at once
      List<Object> printed = List.of(echoed, sum, slept.join());
      printed.forEach(System.out::println); // hi, 6, slept for 10 msecs
      return printed;
    }
  }
  // README:typed-client:end

  /**
   * Calls the example server on 127.0.0.1, at the port given as the first argument or 5559.
   *
   * @param args the port, optional
   */
  public static void main(String[] args) {
    run("127.0.0.1", args.length > 0 ? Integer.parseInt(args[0]) : ExampleServer.DEFAULT_PORT);
  }
}
