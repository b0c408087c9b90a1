package io.zeroapi;

/** The scale-out suite over ZeroMQ: one DEALER socket per endpoint. */
class ZmqScaleOutTest extends AbstractScaleOutTest {
  @Override
  protected Protocol protocol() {
    return Protocol.ZMQ;
  }

  /**
   * ZeroMQ does not tell a lost peer: the request may wait in the socket for the server's return,
   * so the call ends at its timeout.
   */
  @Override
  protected Class<? extends ZeroException> lostCallException() {
    return CallTimeoutException.class;
  }
}
