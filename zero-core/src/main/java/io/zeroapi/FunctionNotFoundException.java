package io.zeroapi;

/** The server has no function registered under the called name (wire key {@code __zerror__function_not_found}). */
public final class FunctionNotFoundException extends ZeroException {
  private static final long serialVersionUID = 1L;

  public FunctionNotFoundException(String message) {
    super(message);
  }
}
