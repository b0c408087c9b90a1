package io.zeroapi.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builders of contract documents (docs/contract.md) for the generators' tests: maps in the order given. */
public final class ContractDocuments {
  private ContractDocuments() {}

  /**
   * A map of the keys and values given in turn, in that order.
   *
   * @param <V> the values' type
   * @param keysAndValues key, value, key, value...
   * @return a new mutable map
   */
  public static <V> Map<String, V> map(Object... keysAndValues) {
    Map<String, V> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      @SuppressWarnings("unchecked")
      V value = (V) keysAndValues[i + 1];
      map.put((String) keysAndValues[i], value);
    }
    return map;
  }

  /**
   * A reference to a definition.
   *
   * @param name the definition's name
   * @return {@code {"$ref": "#/definitions/<name>"}}
   */
  public static Map<String, Object> ref(String name) {
    return map("$ref", "#/definitions/" + name);
  }

  /**
   * A synchronous function entry.
   *
   * @param name the function's name
   * @param parameter its parameter's name, or {@code null} for none
   * @param argument the argument's schema, or {@code null} if it takes none
   * @param result the result's schema
   * @return the entry of the contract's {@code functions} list
   */
  public static Map<String, Object> function(String name, String parameter, Object argument, Object result) {
    Map<String, Object> f = map("name", name);
    if (parameter != null) {
      f.put("parameter", parameter);
    }
    f.put("argument", argument);
    f.put("result", result);
    f.put("async", false);
    return f;
  }
}
