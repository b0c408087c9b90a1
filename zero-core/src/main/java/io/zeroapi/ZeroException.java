package io.zeroapi;

/**
 * The root of every exception Zero throws: catch this to catch them all.
 *
 * <p>Futures returned by {@link AsyncZeroClient} fail with the same types. The leaves are:
 * {@link FunctionNotFoundException}, {@link RemoteException}, {@link ValidationException},
 * {@link CallTimeoutException}, {@link ConnectionException} (and its {@link TlsException}), {@link
 * ProtocolException}, {@link
 * ContractMismatchException} (a typed client that does not match its server), {@link
 * TooManyPendingCallsException} (a client at its cap of calls waiting for replies) and, at
 * registration time, {@link RegistrationException}.
 */
public class ZeroException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with {@code message}.
   *
   * @param message what went wrong
   */
  public ZeroException(String message) {
    super(message);
  }

  /**
   * An exception with {@code message}, caused by {@code cause}.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public ZeroException(String message, Throwable cause) {
    super(message, cause);
  }
}
