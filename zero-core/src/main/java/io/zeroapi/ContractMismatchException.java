package io.zeroapi;

/**
 * A typed client does not match the server it calls: {@link ZeroClient#verifiedProxy(Class)} found
 * a function the server does not serve, or a type that cannot match the server's contract, or the
 * server has no contract to compare with. The message lists every problem, one per line.
 */
public final class ContractMismatchException extends ZeroException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with {@code message}.
   *
   * @param message the interface, the server and what does not match
   */
  public ContractMismatchException(String message) {
    super(message);
  }

  /**
   * An exception with {@code message}, caused by {@code cause}.
   *
   * @param message the interface, the server and why they could not be compared
   * @param cause the failure that prevented the comparison
   */
  public ContractMismatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
