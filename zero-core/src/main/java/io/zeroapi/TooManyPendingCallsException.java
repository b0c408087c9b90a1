package io.zeroapi;

/**
 * The client refused a call without sending it: {@code maxPendingCalls} calls of this client are
 * already waiting for their replies (see {@link ZeroClient.Builder#maxPendingCalls(int)}). The call
 * did not reach the server: it is safe to retry once some of the pending calls have completed.
 */
public final class TooManyPendingCallsException extends ZeroException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with {@code message}.
   *
   * @param message the function refused and the limit
   */
  public TooManyPendingCallsException(String message) {
    super(message);
  }
}
