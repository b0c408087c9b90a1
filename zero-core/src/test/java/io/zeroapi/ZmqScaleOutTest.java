package io.zeroapi;

/** The scale-out suite over ZeroMQ: one DEALER socket per endpoint. */
class ZmqScaleOutTest extends AbstractScaleOutTest {
  @Override
  protected Protocol protocol() {
    return Protocol.ZMQ;
  }

  /**
   * A call in flight when the connection closes fails at once; one sent after it waits in the socket
   * for the server's return, so it ends at its timeout.
   */
  @Override
  protected Class<?>[] lostCallExceptions() {
    return new Class<?>[] {ConnectionException.class, CallTimeoutException.class};
  }
}
