package io.zeroapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a service object as a remote function, for {@link
 * ZeroServer#registerService(Object)}.
 *
 * <p>The method takes at most one parameter; if it returns a {@code CompletionStage}, it is an
 * asynchronous function. The function's name is the method name unless {@link #value()} gives one.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Rpc {
  /**
   * The function name; empty means the method name.
   *
   * @return the name callers use, or empty to use the method's name
   */
  String value() default "";
}
