package io.zeroapi.cli.ui;

import io.zeroapi.internal.contract.Contract;
import io.zeroapi.internal.contract.Contract.ListOf;
import io.zeroapi.internal.contract.Contract.MapOf;
import io.zeroapi.internal.contract.Contract.Nullable;
import io.zeroapi.internal.contract.Contract.Ref;
import io.zeroapi.internal.contract.Contract.Scalar;
import io.zeroapi.internal.contract.Contract.Shape;
import io.zeroapi.internal.contract.Contract.Struct;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An argument parsed from JSON, made to fit its function's schema where JSON cannot say what the
 * server expects: a base64 string where the schema has bytes becomes MessagePack bin, and the
 * string keys of a map keyed by integers become integers. Anything else travels as parsed, and
 * what does not fit is the server's validation error, with its path.
 */
final class JsonArguments {
  private JsonArguments() {}

  /** {@code value} fitted to {@code shape}, whose {@code $ref}s {@code contract} defines. */
  static Object fit(Object value, Shape shape, Contract contract) {
    return switch (shape) {
      case Scalar scalar when scalar == Scalar.BYTES && value instanceof String text -> base64(text);
      case Ref ref when value instanceof Map<?, ?> map
          && contract.definitions().get(ref.name()) instanceof Struct struct -> {
        Map<Object, Object> fitted = new LinkedHashMap<>(map);
        for (Contract.Field field : struct.fields()) {
          if (map.containsKey(field.name())) {
            fitted.put(field.name(), fit(map.get(field.name()), field.shape(), contract));
          }
        }
        yield fitted;
      }
      case ListOf list when value instanceof List<?> items -> {
        List<Object> fitted = new ArrayList<>(items.size());
        items.forEach(item -> fitted.add(fit(item, list.items(), contract)));
        yield fitted;
      }
      case MapOf map when value instanceof Map<?, ?> entries -> {
        Map<Object, Object> fitted = new LinkedHashMap<>();
        entries.forEach((k, v) -> fitted.put(key(k, map.key()), fit(v, map.value(), contract)));
        yield fitted;
      }
      case Nullable nullable when value != null -> fit(value, nullable.value(), contract);
      default -> value;
    };
  }

  /** The bytes of a base64 string, or the string itself (for the server to refuse) if it is not base64. */
  private static Object base64(String text) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  private static Object key(Object key, Shape shape) {
    boolean integer = shape == Scalar.INT8 || shape == Scalar.INT16 || shape == Scalar.INT32 || shape == Scalar.INT64
        || shape == Scalar.BIGINT;
    if (integer && key instanceof String text && text.matches("-?[0-9]+")) {
      BigInteger number = new BigInteger(text);
      return number.bitLength() < 32 ? (Object) number.intValue()
          : number.bitLength() < 64 ? (Object) number.longValue() : number;
    }
    return key;
  }
}
