package io.zeroapi.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.TypeRef;
import io.zeroapi.testing.ForwardingCodec;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The JSON Schema the MessagePack codec gives each type for the contract (docs/contract.md). */
class SchemasTest {
  private final MsgpackCodec codec = MsgpackCodec.create();
  private final Map<String, Object> definitions = new LinkedHashMap<>();

  private Map<String, Object> describe(Type type) {
    return codec.describe(type, definitions);
  }

  private static Map<String, Object> ref(String name) {
    return Map.of("$ref", "#/definitions/" + name);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> definition(String name) {
    assertThat(definitions).containsKey(name);
    return (Map<String, Object>) definitions.get(name);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> properties(String name) {
    return (Map<String, Object>) definition(name).get("properties");
  }

  // ---- scalars ---------------------------------------------------------------------------------

  @Test
  void primitivesAndBoxes() {
    assertThat(describe(boolean.class)).isEqualTo(Map.of("type", "boolean"));
    assertThat(describe(Boolean.class)).isEqualTo(Map.of("type", "boolean"));
    assertThat(describe(byte.class)).isEqualTo(Map.of("type", "integer", "format", "int8"));
    assertThat(describe(Short.class)).isEqualTo(Map.of("type", "integer", "format", "int16"));
    assertThat(describe(int.class)).isEqualTo(Map.of("type", "integer", "format", "int32"));
    assertThat(describe(Integer.class)).isEqualTo(Map.of("type", "integer", "format", "int32"));
    assertThat(describe(long.class)).isEqualTo(Map.of("type", "integer", "format", "int64"));
    assertThat(describe(BigInteger.class)).isEqualTo(Map.of("type", "integer", "format", "bigint"));
    assertThat(describe(float.class)).isEqualTo(Map.of("type", "number", "format", "float"));
    assertThat(describe(Double.class)).isEqualTo(Map.of("type", "number", "format", "double"));
    assertThat(describe(char.class)).isEqualTo(Map.of("type", "string", "minLength", 1, "maxLength", 1));
    assertThat(describe(String.class)).isEqualTo(Map.of("type", "string"));
    assertThat(definitions).isEmpty();
  }

  @Test
  void bytesTimesAndStrings() {
    assertThat(describe(byte[].class))
        .isEqualTo(Map.of("type", "string", "contentEncoding", "base64", "x-zero-wire", "bin"));
    Map<String, Object> aware = Map.of("type", "string", "format", "date-time", "x-zero-wire", "timestamp");
    assertThat(describe(Instant.class)).isEqualTo(aware);
    assertThat(describe(OffsetDateTime.class)).isEqualTo(aware);
    assertThat(describe(ZonedDateTime.class)).isEqualTo(aware);
    assertThat(describe(LocalDateTime.class))
        .isEqualTo(Map.of("type", "string", "format", "date-time", "x-zero-naive", true));
    assertThat(describe(LocalDate.class)).isEqualTo(Map.of("type", "string", "format", "date"));
    assertThat(describe(LocalTime.class)).isEqualTo(Map.of("type", "string", "format", "time", "x-zero-naive", true));
    assertThat(describe(UUID.class)).isEqualTo(Map.of("type", "string", "format", "uuid"));
    assertThat(describe(BigDecimal.class)).isEqualTo(Map.of("type", "string", "format", "decimal"));
  }

  @Test
  void voidIsNull() {
    assertThat(describe(void.class)).isEqualTo(Map.of("type", "null"));
    assertThat(describe(Void.class)).isEqualTo(Map.of("type", "null"));
  }

  @Test
  void optionalIsNullable() {
    Map<String, Object> nullableString = Map.of("anyOf", List.of(Map.of("type", "string"), Map.of("type", "null")));
    assertThat(describe(new TypeRef<Optional<String>>() {}.type())).isEqualTo(nullableString);
    assertThat(describe(OptionalInt.class))
        .isEqualTo(Map.of("anyOf", List.of(Map.of("type", "integer", "format", "int32"), Map.of("type", "null"))));
  }

  // ---- containers --------------------------------------------------------------------------------

  @Test
  void listsSetsAndArrays() {
    Map<String, Object> ints = Map.of("type", "integer", "format", "int32");
    assertThat(describe(new TypeRef<List<Integer>>() {}.type())).isEqualTo(Map.of("type", "array", "items", ints));
    assertThat(describe(int[].class)).isEqualTo(Map.of("type", "array", "items", ints));
    assertThat(describe(String[].class)).isEqualTo(Map.of("type", "array", "items", Map.of("type", "string")));
    assertThat(describe(new TypeRef<Set<Integer>>() {}.type()))
        .isEqualTo(Map.of("type", "array", "items", ints, "uniqueItems", true));
  }

  @Test
  void mapsWithStringKeysAndOthers() {
    assertThat(describe(new TypeRef<Map<String, Long>>() {}.type())).isEqualTo(Map.of(
        "type", "object", "additionalProperties", Map.of("type", "integer", "format", "int64")));
    assertThat(describe(new TypeRef<Map<Integer, String>>() {}.type())).isEqualTo(Map.of(
        "type", "object", "additionalProperties", Map.of("type", "string"),
        "x-zero-key", Map.of("type", "integer", "format", "int32")));
  }

  // ---- records, POJOs, enums ---------------------------------------------------------------------

  record Order(long id, String name, Optional<String> note, Instant createdAt, List<String> items) {}

  @Test
  void recordIsADefinitionWithItsComponentsInOrder() {
    assertThat(describe(Order.class)).isEqualTo(ref("Order"));
    assertThat(properties("Order").keySet()).containsExactly("id", "name", "note", "createdAt", "items");
    assertThat(definition("Order"))
        .containsEntry("type", "object")
        .containsEntry("required", List.of("id", "name", "createdAt", "items"))
        .containsEntry("x-zero-java", Order.class.getTypeName());
    assertThat(properties("Order").get("note"))
        .isEqualTo(Map.of("anyOf", List.of(Map.of("type", "string"), Map.of("type", "null"))));
    // the same type again: the same reference, not a second definition
    assertThat(describe(new TypeRef<List<Order>>() {}.type())).isEqualTo(Map.of("type", "array", "items", ref("Order")));
    assertThat(definitions).hasSize(1);
  }

  static class Pojo {
    String name = "default";
    int count;
    transient int ignored;
    static int alsoIgnored;
  }

  @Test
  void pojoFieldsAreAllOptional() {
    assertThat(describe(Pojo.class)).isEqualTo(ref("Pojo"));
    assertThat(properties("Pojo").keySet()).containsExactly("name", "count");
    assertThat(definition("Pojo")).containsEntry("required", List.of());
  }

  enum Color { RED, GREEN }

  enum Level {
    LOW(1), HIGH(2);

    private final int code;

    Level(int code) {
      this.code = code;
    }

    @WireValue
    int code() {
      return code;
    }
  }

  @Test
  void enumsByNameAndByWireValue() {
    assertThat(describe(Color.class)).isEqualTo(ref("Color"));
    assertThat(definition("Color")).containsEntry("type", "string").containsEntry("enum", List.of("RED", "GREEN"))
        .doesNotContainKey("x-zero-enum-names");
    assertThat(describe(Level.class)).isEqualTo(ref("Level"));
    assertThat(definition("Level")).containsEntry("type", "integer").containsEntry("enum", List.of(1L, 2L))
        .containsEntry("x-zero-enum-names", List.of("LOW", "HIGH"));
  }

  // ---- recursion, generics, clashes, any ---------------------------------------------------------

  record Node(String name, List<Node> children, Optional<Node> parent) {}

  @Test
  void recursiveTypesReferToThemselves() {
    assertThat(describe(Node.class)).isEqualTo(ref("Node"));
    assertThat(properties("Node").get("children")).isEqualTo(Map.of("type", "array", "items", ref("Node")));
    assertThat(properties("Node").get("parent")).isEqualTo(Map.of("anyOf", List.of(ref("Node"), Map.of("type", "null"))));
    assertThat(definitions).hasSize(1);
    assertThat(definition("Node")).doesNotContainKey("x-zero-java-pending");
  }

  record Box<T>(T value, List<T> more) {}

  @Test
  void genericRecordsAreOneDefinitionPerTypeArgument() {
    assertThat(describe(new TypeRef<Box<Order>>() {}.type())).isEqualTo(ref("Box_Order"));
    assertThat(describe(new TypeRef<Box<String>>() {}.type())).isEqualTo(ref("Box_String"));
    assertThat(properties("Box_Order").get("value")).isEqualTo(ref("Order"));
    assertThat(properties("Box_Order").get("more")).isEqualTo(Map.of("type", "array", "items", ref("Order")));
    assertThat(properties("Box_String").get("value")).isEqualTo(Map.of("type", "string"));
    assertThat(definition("Box_String")).containsEntry("x-zero-java", new TypeRef<Box<String>>() {}.type().getTypeName());
    assertThat(definitions).containsOnlyKeys("Box_Order", "Order", "Box_String");
  }

  record Tree<T>(T value, List<Tree<T>> children) {}

  @Test
  void recursiveGenericRecordsReferToTheirOwnDefinition() {
    assertThat(describe(new TypeRef<Tree<Integer>>() {}.type())).isEqualTo(ref("Tree_Integer"));
    assertThat(properties("Tree_Integer").get("children")).isEqualTo(Map.of("type", "array", "items", ref("Tree_Integer")));
    assertThat(definitions).containsOnlyKeys("Tree_Integer");
  }

  record Both(io.zeroapi.codec.clash.a.Item first, io.zeroapi.codec.clash.b.Item second) {}

  @Test
  void sameSimpleNameInTwoPackagesGetsTheQualifiedName() {
    describe(Both.class);
    assertThat(properties("Both").get("first")).isEqualTo(ref("Item"));
    assertThat(properties("Both").get("second")).isEqualTo(ref("io_zeroapi_codec_clash_b_Item"));
    assertThat(definition("Item")).containsEntry("x-zero-java", "io.zeroapi.codec.clash.a.Item");
    assertThat(definition("io_zeroapi_codec_clash_b_Item")).containsEntry("x-zero-java", "io.zeroapi.codec.clash.b.Item");
    // deterministic: the same types in the same order give the same names
    Map<String, Object> again = new LinkedHashMap<>();
    codec.describe(Both.class, again);
    assertThat(again).isEqualTo(definitions);
  }

  record Loose(Object anything, List<?> unknowns, Map<String, ? super Integer> sink) {}

  @Test
  void objectAndWildcardsAreAnyWithAReason() {
    assertThat(describe(Object.class)).containsEntry("x-zero-any", true)
        .hasEntrySatisfying("description", d -> assertThat((String) d).contains("java.lang.Object"));
    describe(Loose.class);
    Map<String, Object> p = properties("Loose");
    assertThat(p.get("anything")).isEqualTo(describe(Object.class));
    @SuppressWarnings("unchecked")
    Map<String, Object> items = (Map<String, Object>) ((Map<String, Object>) p.get("unknowns")).get("items");
    assertThat(items).containsEntry("x-zero-any", true)
        .hasEntrySatisfying("description", d -> assertThat((String) d).startsWith("wildcard type ?"));
    @SuppressWarnings("unchecked")
    Map<String, Object> values = (Map<String, Object>) ((Map<String, Object>) p.get("sink")).get("additionalProperties");
    assertThat(values).containsEntry("x-zero-any", true)
        .hasEntrySatisfying("description", d -> assertThat((String) d).startsWith("wildcard type ? super"));
  }

  @Test
  void aCodecThatDoesNotDescribeSaysSo() {
    Codec plain = new ForwardingCodec(codec);
    assertThat(plain.describe(Order.class, definitions)).containsEntry("x-zero-any", true)
        .hasEntrySatisfying("description", d -> assertThat((String) d).contains("does not describe"));
    assertThat(definitions).isEmpty();
  }

  @Test
  void theSchemaEncodesAsMessagePack() {
    describe(Node.class);
    Object decoded = codec.decode(codec.encode(definitions));
    assertThat(decoded).isInstanceOf(Map.class);
    assertThat(((Map<?, ?>) decoded).keySet()).isEqualTo(Set.of("Node"));
  }
}
