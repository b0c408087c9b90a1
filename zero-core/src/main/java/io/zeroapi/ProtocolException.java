package io.zeroapi;

/** The peer sent bytes that break the wire protocol: malformed MessagePack or a malformed frame. */
public final class ProtocolException extends ZeroException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with {@code message}.
   *
   * @param message what is malformed, and where when known
   */
  public ProtocolException(String message) {
    super(message);
  }

  /**
   * An exception with {@code message}, caused by {@code cause}.
   *
   * @param message what is malformed, and where when known
   * @param cause the decoder's or the framing's own failure
   */
  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
