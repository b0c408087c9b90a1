package io.zeroapi.testing;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The invariants every fuzz target checks besides "no crash" (docs/reliability.md): an input ends in
 * a value or in one of the declared exception types, whose causes are never a programming error (a
 * decoder that catches everything must not hide a NullPointerException as a "malformed input"); and
 * the bytes allocated while handling it stay under a bound proportional to its length.
 */
public final class FuzzInvariants {
  private FuzzInvariants() {}

  /**
   * Bytes a call may allocate per input byte, on top of {@link #FIXED_ALLOCATION}. The costliest
   * shape found (fuzzing finding 3, docs/reliability.md) is single-entry maps nested hundreds deep,
   * {@code 81 a1 61 ...}: a LinkedHashMap, its table, an entry and a key String for every 3 wire
   * bytes, about 90 bytes per input byte.
   */
  public static final long ALLOCATION_PER_INPUT_BYTE = 128;

  /** Bytes a call may allocate whatever its input (reader, buffers, exception, message texts). */
  public static final long FIXED_ALLOCATION = 256 * 1024;

  /**
   * com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes, bound to the platform's bean
   * (by reflection: the test classes are compiled in module io.zeroapi, which does not read
   * java.management).
   */
  private static final MethodHandle ALLOCATED_BYTES;

  static {
    try {
      Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
      Class<?> type = Class.forName("com.sun.management.ThreadMXBean");
      ALLOCATED_BYTES =
          MethodHandles.publicLookup()
              .findVirtual(type, "getCurrentThreadAllocatedBytes", MethodType.methodType(long.class))
              .bindTo(bean);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static long allocatedBytes() {
    try {
      return (long) ALLOCATED_BYTES.invokeExact();
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /** Exceptions that are never a decoder's answer to bad input, wherever they appear in a cause chain. */
  private static final List<Class<? extends Throwable>> BUGS =
      List.of(
          NullPointerException.class,
          IndexOutOfBoundsException.class,
          ClassCastException.class,
          IllegalStateException.class,
          NegativeArraySizeException.class,
          ArrayStoreException.class,
          UnsupportedOperationException.class,
          StackOverflowError.class,
          OutOfMemoryError.class);

  @SafeVarargs
  private static <T> Outcome<T> run(Supplier<T> call, Class<? extends RuntimeException>... declared) {
    try {
      return new Outcome<>(call.get(), null);
    } catch (RuntimeException e) {
      if (Arrays.stream(declared).noneMatch(type -> type.isInstance(e))) {
        throw new AssertionError("undeclared exception " + e, e);
      }
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        Throwable c = cause;
        if (BUGS.stream().anyMatch(type -> type.isInstance(c))) {
          throw new AssertionError("a programming error behind " + e, e);
        }
      }
      return new Outcome<>(null, e);
    }
  }

  /** What a call ended in: its value, or the declared exception it threw. */
  public record Outcome<T>(T value, RuntimeException error) {
    /** Whether the call returned a value. */
    public boolean ok() {
      return error == null;
    }
  }

  /**
   * Runs {@code call} on an input of {@code inputLength} bytes: it must return, or throw one of
   * {@code declared} (with no programming error among its causes), and allocate at most {@code
   * 128 * inputLength + 256 KiB} (measured again, twice at most, when over: first calls load classes
   * and build cached decoders). {@code call} must be repeatable.
   *
   * @throws AssertionError (which the fuzzer reports as a finding) otherwise
   */
  @SafeVarargs
  public static <T> Outcome<T> check(
      int inputLength, Supplier<T> call, Class<? extends RuntimeException>... declared) {
    return check(ALLOCATION_PER_INPUT_BYTE * inputLength + FIXED_ALLOCATION, inputLength, call, declared);
  }

  /** As above, with an allocation bound of {@code bound} bytes for the input of {@code inputLength}. */
  @SafeVarargs
  public static <T> Outcome<T> check(
      long bound, int inputLength, Supplier<T> call, Class<? extends RuntimeException>... declared) {
    long before = allocatedBytes();
    Outcome<T> outcome = run(call, declared);
    long allocated = allocatedBytes() - before;
    for (int again = 0; again < 2 && allocated > bound; again++) {
      // The first calls of a kind also load (and, under the fuzzer, instrument) classes and build
      // cached decoders: measure the same call again.
      before = allocatedBytes();
      outcome = run(call, declared); // the outcome of the call measured last is the one returned
      allocated = allocatedBytes() - before;
    }
    if (allocated > bound) {
      throw new AssertionError(
          "allocated " + allocated + " bytes for an input of " + inputLength + " (bound " + bound + ")");
    }
    return outcome;
  }

  /**
   * Deep equality of decoded values: byte arrays by content, lists and maps element by element (maps
   * in iteration order), and
   * the rest by {@link Objects#equals} (doubles by bits, so NaN equals NaN).
   */
  public static boolean sameValue(Object a, Object b) {
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!sameValue(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      var ys = y.entrySet().iterator(); // in order: decoded maps keep the order of the wire
      for (Map.Entry<?, ?> e : x.entrySet()) {
        Map.Entry<?, ?> f = ys.next();
        if (!sameValue(e.getKey(), f.getKey()) || !sameValue(e.getValue(), f.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (a != null && a.getClass().isArray() && b != null && b.getClass().isArray()) {
      return Arrays.deepEquals(new Object[] {a}, new Object[] {b});
    }
    return Objects.equals(a, b);
  }
}
