package io.zeroapi.examples;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The example server's functions, implementing {@link ExampleApi}: the interface is the contract of
 * both sides. {@code server.registerService(new ExampleService())} registers every method the
 * interface annotates with {@code @Rpc}, under the interface's names, and the server's contract
 * knows both the argument and the result type of each (a function registered with a lambda has
 * its result type erased).
 */
public final class ExampleService implements ExampleApi {
  @Override
  public String helloWorld() {
    return "hello world";
  }

  @Override
  public String echo(String message) {
    return message;
  }

  @Override
  public Order processOrder(Order order) {
    List<String> items = new ArrayList<>(order.items());
    items.add("processed");
    return new Order(order.id() + 1, order.price() * 2, order.name().toUpperCase(Locale.ROOT),
        order.created_at().plus(1, ChronoUnit.DAYS), items);
  }

  @Override
  public Point echoPoint(Point point) {
    List<Long> tags = new ArrayList<>(point.tags());
    Collections.reverse(tags);
    return new Point(point.x() * 10, point.y() / 2, new StringBuilder(point.label()).reverse().toString(), point.ts(), tags);
  }

  @Override
  public String fail(String message) {
    throw new RuntimeException(message);
  }

  @Override
  public String sleep(int millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sleeping", e);
    }
    return "slept for " + millis + " msecs";
  }

  @Override
  public CompletableFuture<String> sleepAsync(int millis) {
    return CompletableFuture.supplyAsync(
        () -> "slept for " + millis + " msecs", CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
  }

  @Override
  public int sumList(List<Integer> numbers) {
    int sum = 0;
    for (int n : numbers) {
      sum += n;
    }
    return sum;
  }

  @Override
  public int divide(List<Integer> pair) {
    if (pair.size() != 2) {
      throw new IllegalArgumentException("divide takes [a, b], got " + pair.size() + " numbers");
    }
    return pair.get(0) / pair.get(1); // Java's int division rounds toward zero, like Python's int(a / b)
  }
}
