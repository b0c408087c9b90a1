package io.zeroapi;

/**
 * A function could not be registered: the message names the function and the rule it broke
 * (duplicate or reserved name, name too long, too many parameters, a type the codec cannot
 * handle, registration after start).
 */
public final class RegistrationException extends ZeroException {
  private static final long serialVersionUID = 1L;

  /** An exception with {@code message}. */
  public RegistrationException(String message) {
    super(message);
  }

  /** An exception with {@code message}, caused by {@code cause}. */
  public RegistrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
