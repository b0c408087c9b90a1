package io.zeroapi;

/**
 * The server refused the call without running the function: it is busy (at its cap of calls
 * running at once, {@code maxConcurrentCalls}) or shutting down. Unlike its supertype, this one is
 * safe to retry, later or on another server: the function did not run.
 *
 * <p>On the wire it is the original's {@code __zerror__server_exception} with a text that starts
 * with {@code Server is busy} or {@code Server is shutting down}; {@link #getMessage()} is that
 * text.
 */
public final class ServerUnavailableException extends RemoteException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception whose message is {@code remoteText}, as the server sent it.
   *
   * @param remoteText the server's refusal, starting with {@code Server is busy} or {@code Server
   *     is shutting down}
   */
  public ServerUnavailableException(String remoteText) {
    super(remoteText);
  }
}
