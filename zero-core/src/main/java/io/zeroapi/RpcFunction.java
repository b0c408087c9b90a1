package io.zeroapi;

/**
 * A function of one argument, registered by name on a {@link ZeroServer}. It runs on the server's
 * worker executor (a virtual thread by default), so it may block.
 *
 * @param <A> the argument type, decoded from the request
 * @param <R> the return type, encoded into the reply ({@code null} travels as nil)
 */
@FunctionalInterface
public interface RpcFunction<A, R> {
  /**
   * Runs the function on the decoded {@code argument}: what it returns is the reply; what it
   * throws reaches the caller as a {@link RemoteException}.
   *
   * @param argument the argument decoded from the request, of the registered argument type
   * @return the reply's value; {@code null} travels as nil
   * @throws Exception any failure of the function; the caller gets it as a {@link RemoteException}
   *     (a {@link ValidationException} thrown here reaches the caller as a {@link
   *     ValidationException}, as if the argument had not fit)
   */
  R apply(A argument) throws Exception;
}
