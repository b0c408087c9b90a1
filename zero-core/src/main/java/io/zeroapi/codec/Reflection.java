package io.zeroapi.codec;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/** Which classes may travel as maps of their properties, and which properties. */
final class Reflection {
  private Reflection() {}

  /** Why instances of {@code type} cannot be encoded as a record or POJO, or null if they can. */
  static String unsupportedForEncoding(Class<?> type) {
    if (type.isHidden() || type.isSynthetic()) {
      return "hidden or synthetic class (a lambda?)";
    }
    if (isPlatform(type)) {
      return "no MessagePack mapping for this JDK type";
    }
    if (type.isInterface() || type.isPrimitive()) {
      return "not a data class";
    }
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c != Object.class && c != Record.class && isPlatform(c)) {
        return "extends the JDK type " + c.getName();
      }
    }
    return null;
  }

  static boolean isPlatform(Class<?> type) {
    String name = type.getName();
    return name.startsWith("java.")
        || name.startsWith("javax.")
        || name.startsWith("jdk.")
        || name.startsWith("sun.")
        || name.startsWith("com.sun.");
  }

  /** Non-static, non-transient fields, superclass fields first, in declaration order. */
  static List<Field> pojoFields(Class<?> type) {
    List<Class<?>> chain = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      chain.add(0, c);
    }
    List<Field> fields = new ArrayList<>();
    for (Class<?> c : chain) {
      for (Field f : c.getDeclaredFields()) {
        int m = f.getModifiers();
        if (!Modifier.isStatic(m) && !Modifier.isTransient(m) && !f.isSynthetic()) {
          fields.add(f);
        }
      }
    }
    return fields;
  }
}
