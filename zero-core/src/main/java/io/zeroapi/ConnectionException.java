package io.zeroapi;

/**
 * The client could not connect, lost its connection during the call, or was closed. {@link
 * TlsException}, a subclass, says that the TLS handshake failed.
 */
public class ConnectionException extends ZeroException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with {@code message}.
   *
   * @param message what failed, e.g. the address that could not be reached or bound
   */
  public ConnectionException(String message) {
    super(message);
  }

  /**
   * An exception with {@code message}, caused by {@code cause}.
   *
   * @param message what failed, e.g. the address that could not be reached or bound
   * @param cause the underlying failure, usually the transport's I/O exception
   */
  public ConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
