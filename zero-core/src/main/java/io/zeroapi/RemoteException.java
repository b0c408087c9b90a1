package io.zeroapi;

/**
 * The function threw on the server (wire key {@code __zerror__server_exception}), or, as the
 * subtype {@link ServerUnavailableException}, the server refused to run it.
 *
 * <p>{@link #getMessage()} is the remote text exactly as the server sent it, e.g. {@code
 * RuntimeError('boom')} from a Python server or {@code IllegalStateException('boom')} from a Java
 * one.
 */
public class RemoteException extends ZeroException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception whose message is {@code remoteText}, as the server sent it.
   *
   * @param remoteText the server's error text, unchanged
   */
  public RemoteException(String remoteText) {
    super(remoteText);
  }
}
