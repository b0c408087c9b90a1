package io.zeroapi;

/**
 * A TLS connection could not be set up ({@link Protocol#TCP} with {@link TlsConfig}): the server's
 * certificate is not trusted, has expired or does not name the host; the server refused this
 * client's certificate (mutual TLS); or only one side has TLS on. The message says which, and what
 * to change. Raised at once for every call while the failure lasts (a call does not wait out its
 * timeout); the client keeps retrying the connection with back-off, as after any connection failure.
 */
public final class TlsException extends ConnectionException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with {@code message}.
   *
   * @param message what failed and what to do about it
   */
  public TlsException(String message) {
    super(message);
  }

  /**
   * An exception with {@code message}, caused by {@code cause}.
   *
   * @param message what failed and what to do about it
   * @param cause the TLS engine's exception
   */
  public TlsException(String message, Throwable cause) {
    super(message, cause);
  }
}
