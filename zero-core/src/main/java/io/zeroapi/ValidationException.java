package io.zeroapi;

/**
 * A value did not fit its declared type: the argument on the server (wire key {@code
 * __zerror__validation_error}) or the result on the client. The message names the expected type,
 * the type found and where, e.g. {@code Expected `int`, got `str` - at `$.items[2]`}. The client
 * also throws it, without sending anything, for an argument it cannot send: one that cannot be
 * encoded, or one larger than its {@code maxFrameBytes}.
 */
public final class ValidationException extends ZeroException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with {@code message}.
   *
   * @param message the expected type, the type found and where
   */
  public ValidationException(String message) {
    super(message);
  }

  /**
   * An exception with {@code message}, caused by {@code cause}.
   *
   * @param message the expected type, the type found and where
   * @param cause the failure that revealed the mismatch
   */
  public ValidationException(String message, Throwable cause) {
    super(message, cause);
  }
}
