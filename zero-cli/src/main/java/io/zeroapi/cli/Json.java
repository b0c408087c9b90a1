package io.zeroapi.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * JSON for {@code zero call}: the argument is parsed into plain Java values (Map, List, String,
 * Integer/Long/BigInteger, Double, Boolean, null) that the codec sends as MessagePack; the result,
 * decoded without a target type, is written back as JSON.
 *
 * <p>Results may hold values JSON has no type for; they are written as: {@code byte[]} → base64
 * string, {@code Instant} and other temporal values → ISO-8601 string, {@code UUID} → string,
 * {@code BigInteger}/{@code BigDecimal} → number, enum → name, map keys → strings, records →
 * objects.
 */
public final class Json {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private Json() {}

  /**
   * Parses one JSON value into plain Java values: objects into {@code LinkedHashMap} (key order
   * kept), arrays into {@code ArrayList}, integers into the smallest of Integer, Long, BigInteger,
   * decimals into Double.
   *
   * @throws IllegalArgumentException if the text is not exactly one JSON value
   */
  public static Object parse(String text) {
    try {
      return MAPPER.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
  }

  /** Writes {@code value} as compact JSON, converting it with {@link #toPlain} first. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(toPlain(value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write the result as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Writes {@code value} as indented JSON ({@code "key": value}, two spaces per level), converting
   * it with {@link #toPlain} first.
   */
  public static String writePretty(Object value) {
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter(
        Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
        .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
        .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
    try {
      return MAPPER.writer(printer).writeValueAsString(toPlain(value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write the result as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** {@code value} as values JSON can hold: Map with String keys, List, String, Number, Boolean, null. */
  public static Object toPlain(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean
        || value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
        || value instanceof BigInteger || value instanceof BigDecimal
        || value instanceof Double || value instanceof Float) {
      return value;
    }
    if (value instanceof Number number) {
      return number.toString().contains(".") ? new BigDecimal(number.toString()) : new BigInteger(number.toString());
    }
    if (value instanceof Character c) {
      return c.toString();
    }
    if (value instanceof byte[] bytes) {
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (value instanceof TemporalAccessor || value instanceof UUID) {
      return value.toString();
    }
    if (value instanceof Enum<?> e) {
      return e.name();
    }
    if (value instanceof Optional<?> optional) {
      return toPlain(optional.orElse(null));
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> plain = new LinkedHashMap<>();
      map.forEach((k, v) -> plain.put(key(k), toPlain(v)));
      return plain;
    }
    if (value instanceof Collection<?> collection) {
      List<Object> plain = new ArrayList<>(collection.size());
      collection.forEach(element -> plain.add(toPlain(element)));
      return plain;
    }
    if (value.getClass().isArray()) {
      int length = Array.getLength(value);
      List<Object> plain = new ArrayList<>(length);
      for (int i = 0; i < length; i++) {
        plain.add(toPlain(Array.get(value, i)));
      }
      return plain;
    }
    if (value instanceof Record record) {
      Map<String, Object> plain = new LinkedHashMap<>();
      for (RecordComponent component : record.getClass().getRecordComponents()) {
        try {
          component.getAccessor().setAccessible(true);
          plain.put(component.getName(), toPlain(component.getAccessor().invoke(record)));
        } catch (ReflectiveOperationException | RuntimeException e) {
          plain.put(component.getName(), String.valueOf(e));
        }
      }
      return plain;
    }
    return value.toString();
  }

  private static String key(Object key) {
    Object plain = toPlain(key);
    if (plain instanceof String s) {
      return s;
    }
    return plain instanceof Map || plain instanceof List ? write(plain) : String.valueOf(plain);
  }
}
