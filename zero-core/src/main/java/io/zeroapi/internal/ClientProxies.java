package io.zeroapi.internal;

import io.zeroapi.ContractMismatchException;
import io.zeroapi.FunctionNotFoundException;
import io.zeroapi.Rpc;
import io.zeroapi.internal.contract.Compatibility;
import io.zeroapi.internal.contract.Contract;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

/**
 * Typed clients without code generation: a {@link Proxy} of an interface whose abstract methods
 * are remote functions, called through a {@link ClientCore}.
 *
 * <p>Default methods run on the proxy, unless annotated with {@link Rpc}: then they are remote
 * functions too, whose body is the server's implementation.
 *
 * <p>Every method is parsed and checked once, when the proxy is made: a rule it breaks is an
 * {@link IllegalArgumentException} naming the method and the rule, never a failure at the first
 * call. Each method then has its own prepared call (name, result type, timeout), so a call does
 * no reflection beyond the proxy's dispatch, and throws exactly what the client throws.
 */
public final class ClientProxies {
  private ClientProxies() {}

  /**
   * A proxy of {@code api} whose calls go through {@code core}.
   *
   * @param api the interface; its abstract methods are remote functions
   * @param core the client that makes the calls
   * @param server how {@code toString()} of the proxy names the server, e.g. {@code 127.0.0.1:5559 (TCP)}
   * @throws IllegalArgumentException if {@code api} or one of its methods breaks a rule
   */
  public static <T> T create(Class<T> api, ClientCore core, String server) {
    return create(api, core, server, false);
  }

  /**
   * Like {@link #create(Class, ClientCore, String)}, and then compares the interface with the live
   * server's contract: every function it calls must be served, with types that can match
   * ({@link Compatibility}).
   *
   * @throws ContractMismatchException if they cannot work together, or the server has no contract
   */
  public static <T> T createVerified(Class<T> api, ClientCore core, String server) {
    return create(api, core, server, true);
  }

  private static <T> T create(Class<T> api, ClientCore core, String server, boolean verify) {
    Objects.requireNonNull(api, "api");
    checkInterface(api);
    Map<Method, MethodCall> calls = new HashMap<>();
    Map<String, RemoteCall> byName = new HashMap<>();
    Method[] methods = api.getMethods();
    // A stable order (by declaring interface, name, parameters), so that the first rule broken is
    // the same on every run.
    Arrays.sort(methods, (a, b) -> sortKey(a).compareTo(sortKey(b)));
    for (Method method : methods) {
      if (Modifier.isStatic(method.getModifiers()) || isObjectMethod(method)) {
        continue;
      }
      // An @Rpc default method is a remote function like the abstract ones: on the server, whose
      // registerService registers it, its body is the implementation.
      if (method.isDefault() && !method.isAnnotationPresent(Rpc.class)) {
        calls.put(method, defaultCall(method));
        continue;
      }
      RemoteCall call = remoteCall(method, core);
      RemoteCall same = byName.putIfAbsent(call.function, call);
      if (same != null) {
        checkCompatible(same, call);
      }
      calls.put(method, call);
    }
    if (verify) {
      verify(api, byName.values(), core, server);
    }
    String description = "Zero proxy of " + api.getName() + " for " + server;
    Object proxy = Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, new Handler(description, Map.copyOf(calls)));
    return api.cast(proxy);
  }

  // --- checks ----------------------------------------------------------------------------------

  /** Compares the functions {@code api} calls with the server's contract; throws if they cannot match. */
  private static void verify(Class<?> api, Collection<RemoteCall> calls, ClientCore core, String server) {
    Contract served;
    try {
      served = Contract.parse(core.call(ContractBuilder.FUNCTION_NAME, null, Object.class, null));
    } catch (FunctionNotFoundException e) {
      throw new ContractMismatchException("Cannot verify " + api.getName() + " against " + server
          + ": the server " + Contract.NOT_SERVED, e);
    } catch (Contract.FormatException e) {
      throw new ContractMismatchException("Cannot verify " + api.getName() + " against " + server + ": " + e.getMessage(), e);
    }
    // The interface's own contract, described by the client's codec as a server describes its functions.
    Map<String, RegisteredFunction> functions = new LinkedHashMap<>();
    calls.stream().sorted(Comparator.comparing(c -> c.function)).forEach(c -> functions.put(c.function,
        new RegisteredFunction(c.function, c.argumentType, c.resultType, false, argument -> null)));
    Contract wanted = Contract.parse(new ContractBuilder(null, core.codec(), null).document(functions));
    List<String> problems = Compatibility.problems(wanted, served);
    if (!problems.isEmpty()) {
      throw new ContractMismatchException(api.getName() + " does not match the contract of " + server + ":\n  "
          + String.join("\n  ", problems));
    }
  }

  private static void checkInterface(Class<?> api) {
    String name = api.getName();
    if (!api.isInterface()) {
      throw new IllegalArgumentException("Cannot proxy " + name + ": it is not an interface; proxy takes an interface whose methods are remote functions");
    }
    if (api.isAnnotation()) {
      throw new IllegalArgumentException("Cannot proxy " + name + ": it is an annotation type, not an interface of remote functions");
    }
    if (api.isSealed()) {
      throw new IllegalArgumentException("Cannot proxy " + name + ": it is sealed, so a proxy cannot implement it");
    }
    Deque<Class<?>> todo = new ArrayDeque<>();
    todo.add(api);
    Set<Class<?>> seen = new LinkedHashSet<>();
    while (!todo.isEmpty()) {
      Class<?> next = todo.pop();
      if (!seen.add(next)) {
        continue;
      }
      if (next.getTypeParameters().length > 0) {
        String which = next == api ? "it has" : "its super-interface " + next.getName() + " has";
        throw new IllegalArgumentException("Cannot proxy " + name + ": " + which + " type parameters "
            + Arrays.toString(next.getTypeParameters()) + "; a proxied interface and its super-interfaces may not have any (declare concrete types)");
      }
      todo.addAll(Arrays.asList(next.getInterfaces()));
    }
  }

  private static RemoteCall remoteCall(Method method, ClientCore core) {
    Rpc rpc = method.getAnnotation(Rpc.class);
    String function = rpc == null || rpc.value().isEmpty() ? method.getName() : rpc.value();
    checkName(method, function);
    Duration timeout = null;
    if (rpc != null && rpc.timeoutMillis() != 0) {
      if (rpc.timeoutMillis() < 0) {
        throw fail(method, "its @Rpc timeoutMillis is " + rpc.timeoutMillis() + "; it must be positive, or 0 for the client's timeout");
      }
      timeout = Duration.ofMillis(rpc.timeoutMillis());
    }

    if (method.getParameterCount() > 1) {
      throw fail(method, "it has " + method.getParameterCount()
          + " parameters; a remote function takes one argument or none (pack several values into a record)");
    }
    Type argumentType = null;
    if (method.getParameterCount() == 1) {
      argumentType = method.getGenericParameterTypes()[0];
      checkType(method, "parameter", argumentType, argumentType, core);
    }

    Type returnType = method.getGenericReturnType();
    Class<?> raw = method.getReturnType();
    boolean async = raw == CompletableFuture.class || raw == CompletionStage.class;
    Type resultType = returnType;
    if (async) {
      if (!(returnType instanceof ParameterizedType parameterized)) {
        throw fail(method, "its return type " + raw.getSimpleName() + " is raw; give the result type, e.g. "
            + raw.getSimpleName() + "<String>");
      }
      resultType = parameterized.getActualTypeArguments()[0];
    } else if (Future.class.isAssignableFrom(raw) || CompletionStage.class.isAssignableFrom(raw)) {
      throw fail(method, "its return type " + returnType.getTypeName()
          + " is not supported; an asynchronous function returns CompletableFuture<T> or CompletionStage<T>");
    }
    if (resultType != void.class && resultType != Void.class) {
      checkType(method, "return", returnType, resultType, core);
    }
    return new RemoteCall(method, function, argumentType, resultType, async, timeout, core);
  }

  private static void checkName(Method method, String function) {
    if (!function.strip().equals(function) || function.isEmpty()) {
      throw fail(method, "its function name `" + function + "` starts or ends with whitespace");
    }
    if (FunctionRegistry.RESERVED_NAMES.contains(function)) {
      throw fail(method, "its function name `" + function + "` is reserved " + FunctionRegistry.RESERVED_NAMES
          + "; name another with @Rpc(\"...\")");
    }
    int bytes = function.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > FunctionRegistry.MAX_NAME_BYTES) {
      throw fail(method, "its function name `" + function + "` is " + bytes + " UTF-8 bytes long; the limit is "
          + FunctionRegistry.MAX_NAME_BYTES + " (shorten it with @Rpc(\"...\"))");
    }
  }

  /** Checks {@code type} (within {@code declared}, the type as the method declares it). */
  private static void checkType(Method method, String role, Type declared, Type type, ClientCore core) {
    String unresolved = unresolved(type);
    if (unresolved != null) {
      throw fail(method, "its " + role + " type " + declared.getTypeName() + " contains " + unresolved
          + "; a proxied method needs concrete types to encode and decode its values");
    }
    try {
      core.codec().checkSupported(type);
    } catch (IllegalArgumentException e) {
      throw fail(method, "its " + role + " type " + declared.getTypeName() + " cannot be "
          + (role.equals("parameter") ? "sent" : "received") + ": " + e.getMessage(), e);
    }
  }

  /** The first type variable or wildcard in {@code type}, described, or {@code null}. */
  private static String unresolved(Type type) {
    if (type instanceof Class<?>) {
      return null;
    }
    if (type instanceof TypeVariable<?> variable) {
      return "the type variable " + variable.getName();
    }
    if (type instanceof WildcardType wildcard) {
      return "the wildcard " + wildcard.getTypeName();
    }
    if (type instanceof GenericArrayType array) {
      return unresolved(array.getGenericComponentType());
    }
    if (type instanceof ParameterizedType parameterized) {
      for (Type argument : parameterized.getActualTypeArguments()) {
        String found = unresolved(argument);
        if (found != null) {
          return found;
        }
      }
      return null;
    }
    return "the type " + type.getTypeName();
  }

  /** Two methods that call the same function must agree on its argument type and on its result type (unless one ignores it). */
  private static void checkCompatible(RemoteCall first, RemoteCall second) {
    if (!Objects.equals(boxed(first.argumentType), boxed(second.argumentType))) {
      throw fail(second.method, "it calls `" + second.function + "` with " + describeArgument(second.argumentType)
          + ", but " + describe(first.method) + " calls it with " + describeArgument(first.argumentType)
          + "; a function has one argument type (give one of them another name with @Rpc(\"...\"))");
    }
    boolean eitherIgnores = isVoid(first.resultType) || isVoid(second.resultType);
    if (!eitherIgnores && !boxed(first.resultType).equals(boxed(second.resultType))) {
      throw fail(second.method, "it expects `" + second.function + "` to return " + second.resultType.getTypeName()
          + ", but " + describe(first.method) + " expects " + first.resultType.getTypeName()
          + "; a function has one result type");
    }
  }

  /** {@code int} as {@code Integer}: the same value on the wire, and the only way a future can hold it. */
  private static Type boxed(Type type) {
    return type instanceof Class<?> c && c.isPrimitive() ? MethodType.methodType(c).wrap().returnType() : type;
  }

  private static boolean isVoid(Type type) {
    return type == void.class || type == Void.class;
  }

  private static String describeArgument(Type type) {
    return type == null ? "no argument" : "an argument of type " + type.getTypeName();
  }

  private static boolean isObjectMethod(Method method) {
    return switch (method.getName()) {
      case "equals" -> method.getParameterCount() == 1 && method.getParameterTypes()[0] == Object.class;
      case "hashCode", "toString" -> method.getParameterCount() == 0;
      default -> false;
    };
  }

  private static String sortKey(Method method) {
    return method.getDeclaringClass().getName() + "." + method.getName() + "(" + Arrays.toString(method.getParameterTypes()) + ")";
  }

  /** {@code OrderApi.place}: how messages name a method. */
  private static String describe(Method method) {
    return method.getDeclaringClass().getSimpleName() + "." + method.getName();
  }

  private static IllegalArgumentException fail(Method method, String rule) {
    return fail(method, rule, null);
  }

  private static IllegalArgumentException fail(Method method, String rule, Throwable cause) {
    return new IllegalArgumentException("Cannot proxy " + describe(method) + ": " + rule, cause);
  }

  // --- calls -----------------------------------------------------------------------------------

  /** What a call of one interface method does. */
  private interface MethodCall {
    Object invoke(Object proxy, Method method, Object[] args) throws Throwable;
  }

  /** A call of a remote function, prepared when the proxy was made. */
  private static final class RemoteCall implements MethodCall {
    final Method method;
    final String function;
    final Type argumentType;
    final Type resultType;
    final boolean async;
    final Duration timeout;
    final ClientCore core;

    RemoteCall(Method method, String function, Type argumentType, Type resultType, boolean async, Duration timeout, ClientCore core) {
      this.method = method;
      this.function = function;
      this.argumentType = argumentType;
      this.resultType = resultType;
      this.async = async;
      this.timeout = timeout;
      this.core = core;
    }

    @Override
    public Object invoke(Object proxy, Method ignored, Object[] args) {
      Object argument = args == null ? null : args[0];
      return async
          ? core.callAsync(function, argument, resultType, timeout)
          : core.call(function, argument, resultType, timeout);
    }
  }

  /**
   * A default method, run on the proxy: through a method handle when this module may look into
   * the interface's package (always on the class path), else through {@link
   * InvocationHandler#invokeDefault}, which needs the interface to be public and exported.
   */
  private static MethodCall defaultCall(Method method) {
    Class<?> declaring = method.getDeclaringClass();
    MethodHandle handle;
    try {
      ClientProxies.class.getModule().addReads(declaring.getModule());
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(declaring, MethodHandles.lookup());
      handle = lookup.unreflectSpecial(method, declaring);
    } catch (IllegalAccessException | SecurityException e) {
      return (proxy, invoked, args) -> InvocationHandler.invokeDefault(proxy, invoked, args);
    }
    MethodHandle spread = handle.asType(MethodType.genericMethodType(method.getParameterCount() + 1))
        .asSpreader(Object[].class, method.getParameterCount());
    return (proxy, invoked, args) -> spread.invoke(proxy, args == null ? new Object[0] : args);
  }

  /** The proxy's handler: a prepared call per method; {@code equals}/{@code hashCode} by identity. */
  private static final class Handler implements InvocationHandler {
    private final String description;
    private final Map<Method, MethodCall> calls;

    Handler(String description, Map<Method, MethodCall> calls) {
      this.description = description;
      this.calls = calls;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      MethodCall call = calls.get(method);
      if (call != null) {
        return call.invoke(proxy, method, args);
      }
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "equals" -> proxy == args[0];
          case "hashCode" -> System.identityHashCode(proxy);
          case "toString" -> description;
          default -> throw new IllegalStateException("Unexpected Object method on a proxy: " + method);
        };
      }
      // The same signature inherited from two super-interfaces: the proxy passes one of them.
      for (Map.Entry<Method, MethodCall> entry : calls.entrySet()) {
        Method known = entry.getKey();
        if (known.getName().equals(method.getName()) && Arrays.equals(known.getParameterTypes(), method.getParameterTypes())) {
          return entry.getValue().invoke(proxy, method, args);
        }
      }
      throw new IllegalStateException("No prepared call for " + method + " on " + description);
    }

    @Override
    public String toString() {
      return description;
    }
  }
}
