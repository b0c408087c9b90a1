package io.zeroapi.codec;

import io.zeroapi.codec.WireValue;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

/**
 * How one enum travels: by {@code name()}, or by the value of its {@link WireValue} method. Built
 * once per enum class.
 */
final class EnumInfo {
  private static final ClassValue<EnumInfo> CACHE =
      new ClassValue<>() {
        @Override
        protected EnumInfo computeValue(Class<?> type) {
          return new EnumInfo(type);
        }
      };

  private final Class<?> type;
  private final Object[] wireValues; // by ordinal; null when the enum travels by name
  private final Map<String, Enum<?>> byName = new HashMap<>();
  private final Map<Object, Enum<?>> byWire = new HashMap<>();
  private final String problem;

  public static EnumInfo of(Class<?> enumClass) {
    return CACHE.get(enumClass);
  }

  private EnumInfo(Class<?> type) {
    this.type = type;
    Object[] constants = type.getEnumConstants();
    Method wireMethod = null;
    String problem = null;
    for (Method m : type.getDeclaredMethods()) {
      if (m.isAnnotationPresent(WireValue.class)) {
        if (m.getParameterCount() != 0
            || Modifier.isStatic(m.getModifiers())
            || m.getReturnType() == void.class) {
          problem = "@WireValue method " + m.getName() + " must be an instance method without parameters";
        } else {
          wireMethod = m;
        }
      }
    }
    Object[] values = null;
    if (wireMethod != null) {
      values = new Object[constants.length];
      try {
        wireMethod.setAccessible(true);
        for (int i = 0; i < constants.length; i++) {
          values[i] = wireMethod.invoke(constants[i]);
          byWire.put(normalize(values[i]), (Enum<?>) constants[i]);
        }
      } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
        problem = "@WireValue method " + wireMethod.getName() + " failed: " + e;
        values = null;
      }
    }
    for (Object c : constants) {
      byName.put(((Enum<?>) c).name(), (Enum<?>) c);
    }
    this.wireValues = values;
    this.problem = problem;
  }

  /** Integral wire values compare as Long; strings as themselves. */
  static Object normalize(Object value) {
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger b && b.bitLength() < 64) {
      return b.longValue();
    }
    if (value instanceof Character c) {
      return c.toString();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    return value;
  }

  public Class<?> type() {
    return type;
  }

  /** Why the enum cannot be used, or null. */
  public String problem() {
    return problem;
  }

  public boolean byValue() {
    return wireValues != null;
  }

  /** What goes on the wire for a constant: its wire value or its name. */
  public Object wireValue(Enum<?> constant) {
    if (problem != null) {
      throw new ValidationFailure(problem);
    }
    return wireValues != null ? wireValues[constant.ordinal()] : constant.name();
  }

  /** The constant for a decoded wire value (or, leniently, a name); null if none. */
  public Enum<?> lookup(Object decoded) {
    if (wireValues != null) {
      Enum<?> found = byWire.get(normalize(decoded));
      if (found != null) {
        return found;
      }
    }
    return decoded instanceof String s ? byName.get(s) : null;
  }
}
