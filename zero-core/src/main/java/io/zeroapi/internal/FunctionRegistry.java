package io.zeroapi.internal;

import io.zeroapi.RegistrationException;
import io.zeroapi.Rpc;
import io.zeroapi.codec.Codec;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The functions of one server by name, with the registration rules of the original: unique names,
 * at most 80 UTF-8 bytes, not reserved, at most one parameter, types the codec can handle.
 *
 * <p>Thread-safe; lookups do not lock.
 */
public final class FunctionRegistry {
  /**
   * Names the protocol itself answers; no function may take them. {@code zero.contract} is Zero
   * for Java's own (the server's contract, see {@link ContractBuilder}): a dotted name cannot be a
   * Python function's, so it clashes with nothing a Python server serves; {@code zero.health} (the
   * server's status, see {@link Health}) likewise.
   */
  public static final Set<String> RESERVED_NAMES = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(
      java.util.List.of("get_rpc_contract", "connect", "__server_info__", ContractBuilder.FUNCTION_NAME,
      Health.FUNCTION_NAME))); // ordered: messages list it

  /** Longest name in UTF-8 bytes: the ZeroMQ wire format pads names to this width. */
  public static final int MAX_NAME_BYTES = 80;

  private final Codec codec;
  private volatile Map<String, RegisteredFunction> functions = Map.of();

  public FunctionRegistry(Codec codec) {
    this.codec = codec;
  }

  /** The function registered under {@code name}, or {@code null}. */
  public RegisteredFunction lookup(String name) {
    return functions.get(name);
  }

  /** The current functions by name, in registration order: a new map after each change. */
  Map<String, RegisteredFunction> snapshot() {
    return functions;
  }

  /** All functions in registration order. */
  public List<RegisteredFunction> all() {
    return List.copyOf(functions.values());
  }

  /** Adds a function after checking every rule; throws {@link RegistrationException} naming the rule broken. */
  public synchronized void add(RegisteredFunction function) {
    String name = function.name();
    checkName(name);
    if (functions.containsKey(name)) {
      throw new RegistrationException("Cannot register `" + name + "`: a function with that name is already registered");
    }
    if (function.argumentType() != null) {
      checkType(name, "argument", function.argumentType());
    }
    Type returnType = function.returnType();
    if (function.async()) {
      returnType = stageValueType(returnType);
    }
    if (returnType != void.class && returnType != Void.class) {
      checkType(name, "return", returnType);
    }
    Map<String, RegisteredFunction> copy = new LinkedHashMap<>(functions);
    copy.put(name, function);
    functions = Collections.unmodifiableMap(copy);
  }

  /**
   * Registers every public method of {@code service} annotated with {@link Rpc}, on the method
   * itself or on the method of an interface it implements (there under the interface's name, so
   * that one annotated interface names the functions of server and proxies alike). Nothing is
   * registered if any method breaks a rule, or if the class and an interface give one method
   * different names.
   */
  public synchronized void addService(Object service) {
    List<RegisteredFunction> found = new ArrayList<>();
    Class<?> type = service.getClass();
    Map<List<Object>, List<Method>> annotatedInInterfaces = annotatedInterfaceMethods(type);
    for (Method method : type.getMethods()) {
      List<Method> inherited = annotatedInInterfaces.getOrDefault(signature(method), List.of());
      String name = rpcName(method, inherited);
      if (name != null) {
        found.add(fromMethod(service, method, name, inherited.isEmpty() ? null : inherited.get(0)));
      }
    }
    if (found.isEmpty()) {
      throw new RegistrationException("Cannot register service " + type.getName()
          + ": it has no public method annotated with @Rpc, nor implements an interface method annotated with @Rpc");
    }
    found.sort((a, b) -> a.name().compareTo(b.name()));
    Map<String, RegisteredFunction> before = functions;
    try {
      for (RegisteredFunction function : oneFormPerFunction(found)) {
        add(function);
      }
    } catch (RegistrationException e) {
      functions = before;
      throw e;
    }
  }

  /**
   * A blocking and an asynchronous method that name one function with the same argument and result
   * types (the two forms an interface shared with clients may give it) register it once, by its
   * blocking method. Other methods sharing a name are left in, for {@link #add} to refuse.
   */
  private static List<RegisteredFunction> oneFormPerFunction(List<RegisteredFunction> found) {
    List<RegisteredFunction> kept = new ArrayList<>();
    Map<String, Integer> index = new HashMap<>();
    for (RegisteredFunction function : found) {
      Integer at = index.get(function.name());
      RegisteredFunction other = at == null ? null : kept.get(at);
      if (other != null && other.async() != function.async()
          && Objects.equals(other.argumentType(), function.argumentType())
          && valueType(other).equals(valueType(function))) {
        if (other.async()) {
          kept.set(at, function);
        }
        continue;
      }
      index.putIfAbsent(function.name(), kept.size());
      kept.add(function);
    }
    return kept;
  }

  /** The type of the result a function's caller gets: a stage's value type, a primitive boxed. */
  private static Type valueType(RegisteredFunction function) {
    Type type = function.async() ? stageValueType(function.returnType()) : function.returnType();
    return type instanceof Class<?> c && c.isPrimitive() ? MethodType.methodType(c).wrap().returnType() : type;
  }

  /**
   * The function name of {@code method}: from its own {@link Rpc} or from those of the interface
   * methods it implements ({@code inherited}); {@code null} if none has one.
   */
  private static String rpcName(Method method, List<Method> inherited) {
    Method namedBy = null;
    String name = null;
    List<Method> annotated = new ArrayList<>();
    if (method.isAnnotationPresent(Rpc.class)) {
      annotated.add(method);
    }
    for (Method other : inherited) {
      if (!other.equals(method)) {
        annotated.add(other);
      }
    }
    for (Method candidate : annotated) {
      Rpc rpc = candidate.getAnnotation(Rpc.class);
      String candidateName = rpc.value().isEmpty() ? candidate.getName() : rpc.value();
      if (name == null) {
        name = candidateName;
        namedBy = candidate;
      } else if (!name.equals(candidateName)) {
        throw new RegistrationException("Cannot register method " + method.getDeclaringClass().getSimpleName() + "."
            + method.getName() + ": its @Rpc names conflict, `" + name + "` on " + namedBy.getDeclaringClass().getName()
            + "." + namedBy.getName() + " and `" + candidateName + "` on " + candidate.getDeclaringClass().getName()
            + "." + candidate.getName());
      }
    }
    return name;
  }

  /** The {@link Rpc}-annotated methods of every interface {@code type} implements, by signature. */
  private static Map<List<Object>, List<Method>> annotatedInterfaceMethods(Class<?> type) {
    Set<Class<?>> interfaces = new LinkedHashSet<>();
    ArrayDeque<Class<?>> todo = new ArrayDeque<>();
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      todo.addAll(List.of(c.getInterfaces()));
    }
    while (!todo.isEmpty()) {
      Class<?> next = todo.pop();
      if (interfaces.add(next)) {
        todo.addAll(List.of(next.getInterfaces()));
      }
    }
    Map<List<Object>, List<Method>> annotated = new HashMap<>();
    for (Class<?> anInterface : interfaces) {
      for (Method method : anInterface.getDeclaredMethods()) {
        if (!Modifier.isStatic(method.getModifiers()) && method.isAnnotationPresent(Rpc.class)) {
          annotated.computeIfAbsent(signature(method), k -> new ArrayList<>()).add(method);
        }
      }
    }
    return annotated;
  }

  /** A method's name and parameter types: what an implementation shares with the interface method. */
  private static List<Object> signature(Method method) {
    List<Object> signature = new ArrayList<>();
    signature.add(method.getName());
    signature.addAll(List.of(method.getParameterTypes()));
    return signature;
  }

  /**
   * The function of {@code method} under {@code name}. {@code viaInterface} is an interface method
   * it implements, or {@code null}: called instead when {@code method} itself is not accessible (a
   * class in a package its module neither exports nor opens to this one, behind an exported
   * interface).
   */
  private static RegisteredFunction fromMethod(Object service, Method method, String name, Method viaInterface) {
    if (Modifier.isStatic(method.getModifiers())) {
      throw new RegistrationException("Cannot register `" + name + "`: @Rpc method " + method + " is static; use an instance method");
    }
    if (method.getParameterCount() > 1) {
      throw new RegistrationException(
          "Cannot register `" + name + "`: method " + method.getDeclaringClass().getSimpleName() + "." + method.getName()
              + " has " + method.getParameterCount()
              + " parameters; a remote function takes one argument or none (pack several values into a record)");
    }
    MethodHandle handle;
    try {
      handle = boundHandle(method, service);
    } catch (IllegalAccessException | RuntimeException e) {
      if (viaInterface == null) {
        throw new RegistrationException("Cannot register `" + name + "`: method " + method + " is not accessible: " + e.getMessage(), e);
      }
      try {
        handle = boundHandle(viaInterface, service);
      } catch (IllegalAccessException | RuntimeException e2) {
        e.addSuppressed(e2);
        throw new RegistrationException("Cannot register `" + name + "`: neither method " + method + " nor " + viaInterface
            + " is accessible: " + e.getMessage(), e);
      }
    }
    boolean async = CompletionStage.class.isAssignableFrom(method.getReturnType());
    Type argumentType = method.getParameterCount() == 1 ? method.getGenericParameterTypes()[0] : null;
    // Adapted once here to (Object)Object or ()Object, so that each call is an invokeExact: no
    // argument array and no generic invoker. asType converts as invokeWithArguments did: it casts
    // the argument (unboxing it for a primitive parameter; null then throws NullPointerException,
    // but the codec has refused null for a primitive type before), boxes a primitive result and
    // gives null for void.
    RegisteredFunction.Invoker invoker = argumentType == null
        ? new NoArgumentInvoker(handle.asType(MethodType.methodType(Object.class)))
        : new OneArgumentInvoker(handle.asType(MethodType.methodType(Object.class, Object.class)));
    return new RegisteredFunction(name, argumentType, method.getGenericReturnType(), async, invoker,
        argumentType == null ? null : parameterName(method, viaInterface));
  }

  /** The parameter's name if the interface (or else the class) was compiled with {@code -parameters}. */
  private static String parameterName(Method method, Method viaInterface) {
    for (Method m : viaInterface == null ? List.of(method) : List.of(viaInterface, method)) {
      java.lang.reflect.Parameter parameter = m.getParameters()[0];
      if (parameter.isNamePresent()) {
        return parameter.getName();
      }
    }
    return null;
  }

  private static MethodHandle boundHandle(Method method, Object service) throws IllegalAccessException {
    method.setAccessible(true);
    return MethodHandles.lookup().unreflect(method).bindTo(service);
  }

  /** Calls an {@link Rpc} method without parameter through a handle of type {@code ()Object}. */
  private static final class NoArgumentInvoker implements RegisteredFunction.Invoker {
    private final MethodHandle handle;

    NoArgumentInvoker(MethodHandle handle) {
      this.handle = handle;
    }

    @Override
    public Object invoke(Object ignored) throws Exception {
      try {
        return (Object) handle.invokeExact();
      } catch (Throwable t) {
        throw rethrown(t);
      }
    }
  }

  /** Calls an {@link Rpc} method of one parameter through a handle of type {@code (Object)Object}. */
  private static final class OneArgumentInvoker implements RegisteredFunction.Invoker {
    private final MethodHandle handle;

    OneArgumentInvoker(MethodHandle handle) {
      this.handle = handle;
    }

    @Override
    public Object invoke(Object argument) throws Exception {
      try {
        return (Object) handle.invokeExact(argument);
      } catch (Throwable t) {
        throw rethrown(t);
      }
    }
  }

  /** What a method's failure is rethrown as: itself if an exception or an error, else wrapped. */
  private static Exception rethrown(Throwable t) {
    if (t instanceof Error e) {
      throw e;
    }
    return t instanceof Exception e ? e : new InvocationTargetException(t);
  }

  private static void checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new RegistrationException("Cannot register a function without a name");
    }
    if (!name.strip().equals(name)) {
      throw new RegistrationException("Cannot register `" + name + "`: a name may not start or end with whitespace");
    }
    if (RESERVED_NAMES.contains(name)) {
      throw new RegistrationException("Cannot register `" + name + "`: " + name + " is a reserved function name " + RESERVED_NAMES);
    }
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_NAME_BYTES) {
      throw new RegistrationException(
          "Cannot register `" + name + "`: the name is " + bytes + " UTF-8 bytes long; the limit is " + MAX_NAME_BYTES);
    }
  }

  private void checkType(String name, String role, Type type) {
    try {
      codec.checkSupported(type);
    } catch (IllegalArgumentException e) {
      throw new RegistrationException(
          "Cannot register `" + name + "`: its " + role + " type " + type.getTypeName() + " cannot be sent: " + e.getMessage(), e);
    }
  }

  /** {@code CompletableFuture<X>} → {@code X}; a raw stage → {@code Object}. */
  static Type stageValueType(Type type) {
    if (type instanceof ParameterizedType parameterized
        && parameterized.getRawType() instanceof Class<?> raw
        && CompletionStage.class.isAssignableFrom(raw)
        && parameterized.getActualTypeArguments().length == 1) {
      return parameterized.getActualTypeArguments()[0];
    }
    return Object.class;
  }
}
