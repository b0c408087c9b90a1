package io.zeroapi;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * A generic type token, for argument and return types that a {@code Class} cannot express:
 * {@code new TypeRef<List<Order>>() {}}.
 *
 * @param <T> the type it stands for
 */
public abstract class TypeRef<T> {
  private final Type type;

  /** Captures the type argument of the anonymous subclass being created. */
  protected TypeRef() {
    Type superclass = getClass().getGenericSuperclass();
    if (!(superclass instanceof ParameterizedType parameterized)) {
      throw new IllegalArgumentException(
          "TypeRef must be created with a type argument, e.g. new TypeRef<List<String>>() {}");
    }
    this.type = parameterized.getActualTypeArguments()[0];
  }

  private TypeRef(Type type) {
    this.type = Objects.requireNonNull(type, "type");
  }

  /**
   * A token for a plain class.
   *
   * @param <T> the type the class stands for
   * @param type the class, e.g. {@code String.class}
   * @return a token whose {@link #type()} is {@code type}
   */
  public static <T> TypeRef<T> of(Class<T> type) {
    return new TypeRef<>(type) {};
  }

  /**
   * The full generic type.
   *
   * @return the captured type, e.g. a {@link ParameterizedType} for {@code List<Order>}
   */
  public final Type type() {
    return type;
  }

  @Override
  public final boolean equals(Object other) {
    return other instanceof TypeRef<?> that && type.equals(that.type);
  }

  @Override
  public final int hashCode() {
    return type.hashCode();
  }

  @Override
  public final String toString() {
    return type.getTypeName();
  }
}
