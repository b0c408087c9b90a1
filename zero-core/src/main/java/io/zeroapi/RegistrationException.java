package io.zeroapi;

/**
 * A function could not be registered: the message names the function and the rule it broke
 * (duplicate or reserved name, name too long, too many parameters, a type the codec cannot
 * handle). Functions may be registered before or after the server starts.
 */
public final class RegistrationException extends ZeroException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with {@code message}.
   *
   * @param message the function's name and the rule it broke
   */
  public RegistrationException(String message) {
    super(message);
  }

  /**
   * An exception with {@code message}, caused by {@code cause}.
   *
   * @param message the function's name and the rule it broke
   * @param cause the failure that revealed it, e.g. the codec's refusal of a type
   */
  public RegistrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
