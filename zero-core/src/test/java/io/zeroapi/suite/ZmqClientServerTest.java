package io.zeroapi.suite;

import io.zeroapi.CallTimeoutException;
import io.zeroapi.Protocol;
import io.zeroapi.ZeroException;

/** The suite over ZeroMQ (the default transport): same cases, same expectations but one. */
class ZmqClientServerTest extends AbstractClientServerTest {
  @Override
  protected Protocol protocol() {
    return Protocol.ZMQ;
  }

  /**
   * ZeroMQ connects in the background and keeps retrying; the request waits for a peer, so the call
   * ends at its timeout.
   */
  @Override
  protected Class<? extends ZeroException> expectedUnreachableException() {
    return CallTimeoutException.class;
  }
}
