package io.zeroapi.examples.hello;

import io.zeroapi.ZeroClient;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The README's client: one blocking call and one asynchronous call to {@link HelloServer}. */
public final class HelloClient {
  private HelloClient() {}

  // README:client:start
  public static List<String> run(String host, int port) {
    try (ZeroClient client = ZeroClient.connect(host, port)) {
      String echoed = client.call("echo", "hi", String.class); // blocks until the reply
      CompletableFuture<String> hello = client.async().call("hello_world", String.class); // returns at once
      List<String> printed = List.of(echoed, hello.join());
      printed.forEach(System.out::println); // hi, hello world
      return printed;
    }
  }
  // README:client:end

  public static void main(String[] args) {
    run("127.0.0.1", 5559);
  }
}
