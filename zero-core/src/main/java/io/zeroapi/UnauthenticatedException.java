package io.zeroapi;

/**
 * The server refused the call because the caller did not prove who it is: a missing or wrong
 * bearer token (see {@link BearerTokens}), or a refusal of another {@link ServerInterceptor}. The
 * function did not run. Retrying with the same credentials fails the same way.
 *
 * <p>On the wire it is the original's {@code __zerror__server_exception} with a text that starts
 * with {@code Unauthenticated:} (a Python client raises its {@code RemoteException} with that
 * text); {@link #getMessage()} is that text.
 */
public final class UnauthenticatedException extends RemoteException {
  private static final long serialVersionUID = 1L;

  /** How the text of this error starts on the wire. */
  public static final String PREFIX = "Unauthenticated: ";

  /**
   * An exception whose message is {@code message}, prefixed with {@value #PREFIX} unless it
   * starts with it already. A {@link ServerInterceptor} throws it to refuse a call; the client
   * side builds it from the server's text.
   *
   * @param message why the caller is refused (never the secret itself)
   */
  public UnauthenticatedException(String message) {
    super(message.startsWith(PREFIX) ? message : PREFIX + message);
  }
}
