package io.zeroapi.codec;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.TypeRef;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MsgpackCheckSupportedTest {
  record Node(String name, List<Node> children, Map<String, Node> byName) {}

  record Order(int id, Instant at, Optional<BigDecimal> discount) {}

  record Bad(Thread thread) {}

  record Generic<T>(T value) {}

  static class Pojo {
    String name;
    List<Order> orders;
  }

  static class NoDefaultConstructor {
    final String name;

    NoDefaultConstructor(String name) {
      this.name = name;
    }
  }

  interface Shape {}

  abstract static class AbstractShape {}

  class Inner {
    int x;
  }

  enum Color { RED }

  private final MsgpackCodec codec = MsgpackCodec.create();

  private void ok(Type type) {
    assertThatCode(() -> codec.checkSupported(type)).as(type.getTypeName()).doesNotThrowAnyException();
  }

  private void refused(Type type, String reasonPart) {
    assertThatThrownBy(() -> codec.checkSupported(type))
        .as(type.getTypeName())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(type.getTypeName() + " is not supported: ")
        .hasMessageContaining(reasonPart);
  }

  @Test
  void accepts() {
    for (Type t : new Type[] {
        int.class, void.class, Void.class, Object.class, String.class, byte[].class, int[].class,
        Integer.class, BigDecimal.class, UUID.class, Instant.class, Color.class, Order.class,
        Node.class, Pojo.class, List.class, Map.class,
        new TypeRef<Map<String, List<Order>>>() {}.type(),
        new TypeRef<Optional<Node>>() {}.type(),
        new TypeRef<Set<? extends Color>>() {}.type(),
        new TypeRef<Generic<Order>>() {}.type(),
        new TypeRef<List<Order>[]>() {}.type()}) {
      ok(t);
      // whatever checkSupported accepts, the codec can decode a nil into
      byte[] nil = {(byte) 0xc0};
      try {
        codec.decode(nil, 0, 1, t);
      } catch (io.zeroapi.ValidationException expectedForPrimitives) {
        // fine
      }
    }
  }

  @Test
  void refuses() {
    refused(Thread.class, "JDK");
    refused(Class.class, "JDK");
    refused(Number.class, "");
    refused(new TypeRef<CompletableFuture<String>>() {}.type(), "");
    refused(new TypeRef<Stream<String>>() {}.type(), "");
    refused(new TypeRef<List<Thread>>() {}.type(), "element type java.lang.Thread");
    refused(new TypeRef<Optional<Stream<String>>>() {}.type(), "");
    refused(Bad.class, "component `thread`");
    refused(NoDefaultConstructor.class, "no-argument constructor");
    refused(Shape.class, "");
    refused(AbstractShape.class, "abstract");
    refused(Inner.class, "inner");
    refused(Generic.class, "raw use");
    refused(Generic.class.getTypeParameters()[0], "type variable");
  }
}
