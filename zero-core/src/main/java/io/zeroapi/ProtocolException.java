package io.zeroapi;

/** The peer sent bytes that break the wire protocol: malformed MessagePack or a malformed frame. */
public final class ProtocolException extends ZeroException {
  private static final long serialVersionUID = 1L;

  /** An exception with {@code message}. */
  public ProtocolException(String message) {
    super(message);
  }

  /** An exception with {@code message}, caused by {@code cause}. */
  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
