package io.zeroapi;

/**
 * No reply came within the call's timeout. The server may still run the function; its late reply
 * is discarded and never handed to another call.
 */
public final class CallTimeoutException extends ZeroException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with {@code message}, which names the timeout.
   *
   * @param message the function called and the timeout that ran out
   */
  public CallTimeoutException(String message) {
    super(message);
  }
}
