package io.zeroapi.codec;

import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/** Small helpers over {@link java.lang.reflect.Type}: raw classes, arguments, substitution. */
final class Types {
  private Types() {}

  /** The raw class of a type; {@code Object} for wildcards without bounds and type variables. */
  public static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    if (type instanceof GenericArrayType g) {
      return Array.newInstance(raw(g.getGenericComponentType()), 0).getClass();
    }
    if (type instanceof WildcardType w) {
      return raw(w.getUpperBounds()[0]);
    }
    return Object.class;
  }

  /** The i-th type argument, {@code Object} for raw uses; wildcards reduced to their bound. */
  public static Type argument(Type type, int index) {
    if (type instanceof ParameterizedType p) {
      return simplify(p.getActualTypeArguments()[index]);
    }
    return Object.class;
  }

  /** {@code ? extends X} → X, {@code ?} and {@code ? super X} → Object (reads only). */
  public static Type simplify(Type type) {
    if (type instanceof WildcardType w) {
      return w.getLowerBounds().length > 0 ? Object.class : simplify(w.getUpperBounds()[0]);
    }
    return type;
  }

  /** Substitutes bound type variables in {@code type}; unbound ones stay. */
  public static Type resolve(Type type, Map<TypeVariable<?>, Type> bindings) {
    if (bindings.isEmpty()) {
      return type;
    }
    if (type instanceof TypeVariable<?> v) {
      Type bound = bindings.get(v);
      return bound != null ? bound : v;
    }
    if (type instanceof ParameterizedType p) {
      Type[] args = p.getActualTypeArguments().clone();
      for (int i = 0; i < args.length; i++) {
        args[i] = resolve(args[i], bindings);
      }
      return new ParameterizedTypeImpl((Class<?>) p.getRawType(), args, p.getOwnerType());
    }
    if (type instanceof GenericArrayType g) {
      Type component = resolve(g.getGenericComponentType(), bindings);
      return component instanceof Class<?> c
          ? Array.newInstance(c, 0).getClass()
          : new GenericArrayTypeImpl(component);
    }
    if (type instanceof WildcardType w) {
      return resolve(simplify(w), bindings);
    }
    return type;
  }

  /** The bindings of a generic class's type parameters in {@code type} (empty if raw). */
  public static Map<TypeVariable<?>, Type> bindings(Type type) {
    if (!(type instanceof ParameterizedType p)) {
      return Map.of();
    }
    TypeVariable<?>[] vars = ((Class<?>) p.getRawType()).getTypeParameters();
    Type[] args = p.getActualTypeArguments();
    java.util.HashMap<TypeVariable<?>, Type> map = new java.util.HashMap<>();
    for (int i = 0; i < vars.length && i < args.length; i++) {
      map.put(vars[i], simplify(args[i]));
    }
    return map;
  }

  /** Same equality and hash as the JDK's implementation, so cache keys match. */
  record ParameterizedTypeImpl(Class<?> rawType, Type[] args, Type ownerType)
      implements ParameterizedType {
    @Override
    public Type[] getActualTypeArguments() {
      return args.clone();
    }

    @Override
    public Type getRawType() {
      return rawType;
    }

    @Override
    public Type getOwnerType() {
      return ownerType;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ParameterizedType that
          && rawType.equals(that.getRawType())
          && Objects.equals(ownerType, that.getOwnerType())
          && Arrays.equals(args, that.getActualTypeArguments());
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(args) ^ Objects.hashCode(ownerType) ^ Objects.hashCode(rawType);
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder(rawType.getTypeName()).append('<');
      for (int i = 0; i < args.length; i++) {
        sb.append(i > 0 ? ", " : "").append(args[i].getTypeName());
      }
      return sb.append('>').toString();
    }
  }

  record GenericArrayTypeImpl(Type component) implements GenericArrayType {
    @Override
    public Type getGenericComponentType() {
      return component;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof GenericArrayType that
          && component.equals(that.getGenericComponentType());
    }

    @Override
    public int hashCode() {
      return component.hashCode();
    }

    @Override
    public String toString() {
      return component.getTypeName() + "[]";
    }
  }
}
