package io.zeroapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as a remote function: on the server, a method of a service object for {@link
 * ZeroServer#registerService(Object)}; on the client, a method of an interface for {@link
 * ZeroClient#proxy(Class)}. One interface can be both: the server registers an implementation of
 * it, clients proxy it, and the annotations on the interface name the functions on both sides.
 *
 * <pre>{@code
 * public interface OrderApi {
 *   @Rpc("place_order") Receipt place(Order order);                     // blocking
 *   @Rpc(value = "place_order", timeoutMillis = 2000)
 *   CompletableFuture<Receipt> placeAsync(Order order);                  // async, its own timeout
 * }
 * }</pre>
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

  /**
   * The timeout of each call made through a {@linkplain ZeroClient#proxy(Class) proxy}, in
   * milliseconds; 0 (the default) means the client's timeout. A client-side setting only: {@link
   * ZeroServer#registerService(Object)} ignores it, since a server does not time its functions out.
   *
   * @return the timeout in milliseconds, 0 for the client's default; never negative
   */
  long timeoutMillis() default 0;
}
