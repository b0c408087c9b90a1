package io.zeroapi.internal;

import java.lang.reflect.Type;
import java.util.concurrent.CompletionStage;

/**
 * One function as the server knows it: its name, what it takes and returns, and how to run it.
 *
 * @param name the name callers use
 * @param argumentType the declared argument type, or {@code null} for a function without argument
 * @param returnType the declared return type ({@code Object.class} when only known at run time)
 * @param async whether {@link #invoker()} returns a {@link CompletionStage}
 * @param invoker runs the function; gets {@code null} as argument when there is none
 * @param parameterName the parameter's name in the source, or {@code null} if unknown (a lambda, or
 *     a class compiled without {@code -parameters}): the contract passes it on to generated clients
 */
public record RegisteredFunction(
    String name, Type argumentType, Type returnType, boolean async, Invoker invoker, String parameterName) {

  /** A function whose parameter's name is not known. */
  public RegisteredFunction(String name, Type argumentType, Type returnType, boolean async, Invoker invoker) {
    this(name, argumentType, returnType, async, invoker, null);
  }

  /** Whether the function takes an argument. */
  public boolean takesArgument() {
    return argumentType != null;
  }

  /** Runs a function. Returns the result, or a {@code CompletionStage} of it for async ones. */
  @FunctionalInterface
  public interface Invoker {
    Object invoke(Object argument) throws Exception;
  }
}
