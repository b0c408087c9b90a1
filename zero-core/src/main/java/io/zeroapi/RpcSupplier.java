package io.zeroapi;

/**
 * A function without an argument, registered by name on a {@link ZeroServer}. Whatever argument
 * the caller sends (usually nil) is ignored.
 *
 * @param <R> the return type ({@code null} travels as nil)
 */
@FunctionalInterface
public interface RpcSupplier<R> {
  /**
   * Runs the function: what it returns is the reply; what it throws reaches the
   * caller as a {@link RemoteException}.
   *
   * @return the reply's value; {@code null} travels as nil
   * @throws Exception any failure of the function; the caller gets it as a {@link RemoteException}
   *     (a {@link ValidationException} thrown here reaches the caller as a {@link
   *     ValidationException}, as if the argument had not fit)
   */
  R get() throws Exception;
}
