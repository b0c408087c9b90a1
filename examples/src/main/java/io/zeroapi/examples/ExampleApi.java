package io.zeroapi.examples;

import io.zeroapi.Rpc;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The functions of {@link ExampleServer} as a Java interface: {@code client.proxy(ExampleApi.class)}
 * calls them with no function name or result type at the call site ({@link TypedClient} shows it).
 * Each method is one function, named by its {@code @Rpc} or by the method's name. Every method is
 * annotated, so that a server could also register an implementation of it with {@code
 * registerService}, which registers only annotated methods.
 */
// README:typed-api:start
public interface ExampleApi {
  @Rpc("hello_world")
  String helloWorld();

  @Rpc // the method's name
  String echo(String message);

  @Rpc("process_order")
  Order processOrder(Order order);

  @Rpc("echo_point")
  Point echoPoint(Point point);

  @Rpc
  String fail(String message); // always throws: a RemoteException

  @Rpc(value = "sleep", timeoutMillis = 10_000) // this function's own timeout
  String sleep(int millis);

  @Rpc("sleep_async")
  CompletableFuture<String> sleepAsync(int millis); // returns at once

  @Rpc("sum_list")
  int sumList(List<Integer> numbers);

  @Rpc
  int divide(List<Integer> pair); // [a, b]: a Python tuple is an array on the wire

  default int half(int number) { // runs in the caller, like any default method
    return divide(List.of(number, 2));
  }
}
// README:typed-api:end
