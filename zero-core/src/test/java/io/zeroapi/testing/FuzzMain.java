package io.zeroapi.testing;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The entry point {@code ./zero fuzz} gives Jazzer's own driver: it runs one {@code @FuzzTest}
 * method, named by the system property {@code zero.fuzz.target} ({@code Class#method}, e.g. {@code
 * io.zeroapi.internal.tcp.TcpFuzzTest#frames}), on each input. The driver (rather than the JUnit
 * integration) lets the command choose the duration and grow the committed corpus in place.
 */
public final class FuzzMain {
  private static final Object INSTANCE;
  private static final Method TARGET;

  static {
    String target = System.getProperty("zero.fuzz.target", "");
    int hash = target.indexOf('#');
    if (hash < 0) {
      throw new IllegalArgumentException("zero.fuzz.target must be Class#method, not '" + target + "'");
    }
    try {
      Class<?> type = Class.forName(target.substring(0, hash));
      Constructor<?> constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      INSTANCE = constructor.newInstance();
      TARGET = type.getDeclaredMethod(target.substring(hash + 1), byte[].class);
      TARGET.setAccessible(true);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("no fuzz target " + target, e);
    }
  }

  private FuzzMain() {}

  /**
   * Runs the target on one input (Jazzer's entry point).
   *
   * @param input the fuzzer's bytes
   * @throws Throwable what the target threw: a finding
   */
  public static void fuzzerTestOneInput(byte[] input) throws Throwable {
    try {
      TARGET.invoke(INSTANCE, (Object) input);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
