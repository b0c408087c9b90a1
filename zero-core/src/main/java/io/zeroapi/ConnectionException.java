package io.zeroapi;

/** The client could not connect, lost its connection during the call, or was closed. */
public final class ConnectionException extends ZeroException {
  private static final long serialVersionUID = 1L;

  /** An exception with {@code message}. */
  public ConnectionException(String message) {
    super(message);
  }

  /** An exception with {@code message}, caused by {@code cause}. */
  public ConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
