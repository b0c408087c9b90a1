package io.zeroapi.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example functions themselves, without a network. */
class ExampleFunctionsTest {

  @Test
  void processOrderFollowsTheInteropServer() {
    Order order = new Order(41, 10.25, "widget", Instant.parse("2024-05-06T07:08:09.123456Z"), List.of("a", "b"));
    assertThat(new ExampleService().processOrder(order)).isEqualTo(
        new Order(42, 20.5, "WIDGET", Instant.parse("2024-05-07T07:08:09.123456Z"), List.of("a", "b", "processed")));
    assertThat(order.items()).containsExactly("a", "b");
  }

  @Test
  void echoPointFollowsTheInteropServer() {
    Instant ts = Instant.parse("2024-05-06T07:08:09Z");
    assertThat(new ExampleService().echoPoint(new Point(3, 5.0, "abc", ts, List.of(1L, 2L, 3L))))
        .isEqualTo(new Point(30, 2.5, "cba", ts, List.of(3L, 2L, 1L)));
  }
}
