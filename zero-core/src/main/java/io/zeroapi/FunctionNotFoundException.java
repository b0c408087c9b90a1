package io.zeroapi;

/** The server has no function registered under the called name (wire key {@code __zerror__function_not_found}). */
public final class FunctionNotFoundException extends ZeroException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with the server's {@code message}.
   *
   * @param message the server's text, which names the function it does not have
   */
  public FunctionNotFoundException(String message) {
    super(message);
  }
}
