package io.zeroapi.codec;

import static io.zeroapi.testing.WireCaptures.hex;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.TypeRef;
import io.zeroapi.ValidationException;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Type mismatches: msgspec's wording and paths. */
class MsgpackValidationTest {
  record Items(List<String> items) {}

  record Customer(String name, int age) {}

  record Invoice(Customer customer, Map<String, Integer> totals) {}

  record Checked(int value) {
    Checked {
      if (value < 0) {
        throw new IllegalArgumentException("value must be >= 0");
      }
    }
  }

  enum Color { RED, GREEN }

  private final MsgpackCodec codec = MsgpackCodec.create();

  private void fails(Object value, Type type, String message) {
    byte[] b = codec.encode(value);
    assertThatThrownBy(() -> codec.decode(b, 0, b.length, type))
        .isInstanceOf(ValidationException.class)
        .hasMessage(message);
  }

  private void failsHex(String hex, Type type, String message) {
    byte[] b = hex(hex);
    assertThatThrownBy(() -> codec.decode(b, 0, b.length, type))
        .isInstanceOf(ValidationException.class)
        .hasMessage(message);
  }

  @Test
  void rootMismatch() {
    fails("x", int.class, "Expected `int`, got `str`");
    fails(1, String.class, "Expected `str`, got `int`");
    fails(1.5, long.class, "Expected `int`, got `float`");
    fails(List.of(), Map.class, "Expected `object`, got `array`");
    fails(Map.of(), List.class, "Expected `array`, got `object`");
    fails(null, int.class, "Expected `int`, got `None`");
    fails(true, double.class, "Expected `float`, got `bool`");
    fails("a", byte[].class, "Expected `bytes`, got `str`");
    fails(new byte[1], boolean.class, "Expected `bool`, got `bytes`");
    fails(Instant.EPOCH, int.class, "Expected `int`, got `ext`");
    fails(1, Instant.class, "Expected `datetime`, got `int`");
    fails(1, LocalDate.class, "Expected `date`, got `int`");
    fails(1, UUID.class, "Expected `uuid`, got `int`");
    failsHex("d40501", String.class, "Expected `str`, got `ext`");
    fails("ab", char.class, "Expected `str` of length 1");
  }

  @Test
  void paths() {
    fails(Map.of("items", List.of("a", 2)), Items.class, "Expected `str`, got `int` - at `$.items[1]`");
    fails(List.of(1, 2, "x"), new TypeRef<List<Integer>>() {}.type(), "Expected `int`, got `str` - at `$[2]`");
    fails(Map.of("customer", Map.of("name", 5, "age", 1), "totals", Map.of()), Invoice.class,
        "Expected `str`, got `int` - at `$.customer.name`");
    fails(Map.of("customer", Map.of("name", "n", "age", 1), "totals", Map.of("x", "y")), Invoice.class,
        "Expected `int`, got `str` - at `$.totals[...]`");
    fails(Map.of(1, "y"), new TypeRef<Map<Integer, Integer>>() {}.type(), "Expected `int`, got `str` - at `$[...]`");
    fails(Map.of("k", 1), new TypeRef<Map<Integer, Integer>>() {}.type(), "Expected `int`, got `str` - at `key` in `$`");
    fails(List.of(List.of(1), List.of("z")), int[][].class, "Expected `int`, got `str` - at `$[1][0]`");
  }

  @Test
  void missingFields() {
    fails(Map.of("age", 1), Customer.class, "Object missing required field `name`");
    fails(Map.of("customer", Map.of("age", 1), "totals", Map.of()), Invoice.class,
        "Object missing required field `name` - at `$.customer`");
    // unknown keys are ignored
    byte[] b = codec.encode(Map.of("name", "n", "age", 3, "extra", List.of(1, Map.of())));
    org.assertj.core.api.Assertions.assertThat(codec.decode(b, 0, b.length, Customer.class))
        .isEqualTo(new Customer("n", 3));
  }

  @Test
  void ranges() {
    fails(2147483648L, int.class, "Expected `int` <= 2147483647");
    fails(-2147483649L, Integer.class, "Expected `int` >= -2147483648");
    fails(128, byte.class, "Expected `int` <= 127");
    fails(Map.of("name", "n", "age", 1L << 40), Customer.class, "Expected `int` <= 2147483647 - at `$.age`");
    failsHex("cfffffffffffffffff", long.class, "Expected `int` <= 9223372036854775807");
  }

  @Test
  void enumsAndConstructors() {
    fails("PURPLE", Color.class, "Invalid enum value 'PURPLE'");
    fails(Map.of("c", List.of("RED", "BLUE")), new TypeRef<Map<String, List<Color>>>() {}.type(),
        "Invalid enum value 'BLUE' - at `$[...][1]`");
    fails(3, Color.class, "Expected `str`, got `int`");
    fails(Map.of("value", -1), Checked.class, "Invalid value: value must be >= 0");
    fails("not a date", LocalDate.class, "Invalid RFC3339 encoded date");
    fails("nope", Instant.class, "Invalid RFC3339 encoded datetime");
    fails("1234", UUID.class, "Invalid UUID");
    fails("1.2.3", java.math.BigDecimal.class, "Invalid decimal string");
  }

  @Test
  void unencodableValues() {
    assertThatThrownBy(() -> codec.encode(new Thread()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("java.lang.Thread");
    assertThatThrownBy(() -> codec.encode(Map.of("in", List.of(1, System.in))))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Encoding objects of type")
        .hasMessageEndingWith(" - at `$.in[1]`");
    Runnable lambda = () -> {};
    assertThatThrownBy(() -> codec.encode(List.of(lambda)))
        .isInstanceOf(ValidationException.class)
        .hasMessageEndingWith(" - at `$[0]`");
    assertThatThrownBy(() -> codec.encode(java.math.BigInteger.ONE.shiftLeft(64)))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> codec.encode(new Object()))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void cyclesAndDepthOnEncode() {
    List<Object> cycle = new java.util.ArrayList<>();
    cycle.add(cycle);
    assertThatThrownBy(() -> codec.encode(cycle))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("nesting deeper than 1000");
    Object deep = List.of();
    for (int i = 0; i < 999; i++) {
      deep = List.of(deep);
    }
    org.assertj.core.api.Assertions.assertThat(codec.encode(deep)).hasSize(1000);
    Object tooDeep = List.of(deep, 1);
    assertThatThrownBy(() -> codec.encode(tooDeep))
        .isInstanceOf(ValidationException.class)
        .hasMessageEndingWith("[0][0][0]`")
        .hasMessageContaining("- at `$...");
  }
}
