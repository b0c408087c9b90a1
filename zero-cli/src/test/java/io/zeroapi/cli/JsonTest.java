package io.zeroapi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.examples.Order;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  @Test
  void parsesIntoPlainJavaValues() {
    Object parsed = Json.parse("{\"b\": [1, 2.5, \"x\", true, null], \"a\": 9223372036854775808}");
    assertThat(parsed).isInstanceOf(Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) parsed;
    assertThat(map.keySet()).containsExactly("b", "a");
    assertThat(map.get("b")).isEqualTo(java.util.Arrays.asList(1, 2.5, "x", true, null));
    assertThat(map.get("a")).isEqualTo(new BigInteger("9223372036854775808"));
  }

  @Test
  void parsesScalars() {
    assertThat(Json.parse("\"hi\"")).isEqualTo("hi");
    assertThat(Json.parse("42")).isEqualTo(42);
    assertThat(Json.parse("4294967296")).isEqualTo(4294967296L);
    assertThat(Json.parse("-1.5")).isEqualTo(-1.5);
    assertThat(Json.parse("null")).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"hi", "{bad", "[1, 2", "1 2", "'single'", ""})
  void rejectsWhatIsNotOneJsonValue(String text) {
    assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "null", "true", "\"hi\"", "42", "-7", "9223372036854775807", "18446744073709551615", "1.5",
    "[]", "{}", "[1,\"a\",[null,false],{\"k\":2.25}]", "{\"z\":1,\"a\":{\"nested\":[1,2,3]}}",
    "\"caf\\u00e9 \\\"quoted\\\" \\\\\""
  })
  void roundTripsJson(String text) {
    assertThat(Json.write(Json.parse(text))).isEqualTo(text.replace("\\u00e9", "é"));
  }

  @Test
  void writesIndentedJsonWithTwoSpacesAndUnixNewlines() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("a", 1);
    value.put("b", List.of(true, "x"));
    value.put("c", Map.of());
    assertThat(Json.writePretty(value))
        .isEqualTo("{\n  \"a\": 1,\n  \"b\": [\n    true,\n    \"x\"\n  ],\n  \"c\": { }\n}");
    assertThat(Json.parse(Json.writePretty(value))).isEqualTo(value);
  }

  @Test
  void writesValuesJsonHasNoTypeFor() {
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put("bin", new byte[] {0, 1, 2, (byte) 255});
    map.put("ts", Instant.parse("2024-05-06T07:08:09.123456Z"));
    map.put("date", LocalDate.of(2024, 5, 6));
    map.put("big", new BigInteger("18446744073709551615"));
    map.put("dec", new BigDecimal("10.10"));
    map.put("uuid", UUID.fromString("12345678-1234-5678-1234-567812345678"));
    map.put(7, "int key");
    map.put(List.of(1, 2), "list key");
    map.put("ints", new int[] {1, 2});
    map.put("opt", Optional.empty());
    map.put("enum", java.time.DayOfWeek.MONDAY);
    assertThat(Json.write(map)).isEqualTo(
        "{\"bin\":\"AAEC/w==\",\"ts\":\"2024-05-06T07:08:09.123456Z\",\"date\":\"2024-05-06\","
            + "\"big\":18446744073709551615,\"dec\":10.10,\"uuid\":\"12345678-1234-5678-1234-567812345678\","
            + "\"7\":\"int key\",\"[1,2]\":\"list key\",\"ints\":[1,2],\"opt\":null,\"enum\":\"MONDAY\"}");
  }

  @Test
  void writesRecordsAsObjectsInComponentOrder() {
    Order order = new Order(41, 10.25, "widget", Instant.parse("2024-05-06T07:08:09.123456Z"), List.of("a", "b"));
    assertThat(Json.write(order)).isEqualTo(
        "{\"id\":41,\"price\":10.25,\"name\":\"widget\",\"created_at\":\"2024-05-06T07:08:09.123456Z\",\"items\":[\"a\",\"b\"]}");
  }

  @Test
  void writesAnUntypedDecodedOrderTheSameWay() {
    Map<String, Object> decoded = new LinkedHashMap<>();
    decoded.put("id", 42L);
    decoded.put("price", 20.5);
    decoded.put("name", "WIDGET");
    decoded.put("created_at", Instant.parse("2024-05-07T07:08:09.123456Z"));
    decoded.put("items", List.of("a", "b", "processed"));
    assertThat(Json.write(decoded)).isEqualTo(
        "{\"id\":42,\"price\":20.5,\"name\":\"WIDGET\",\"created_at\":\"2024-05-07T07:08:09.123456Z\","
            + "\"items\":[\"a\",\"b\",\"processed\"]}");
  }
}
