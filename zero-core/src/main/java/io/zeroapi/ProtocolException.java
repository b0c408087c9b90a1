package io.zeroapi;

/** The peer sent bytes that break the wire protocol: malformed MessagePack or a malformed frame. */
public final class ProtocolException extends ZeroException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }

  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
