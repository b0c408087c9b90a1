package io.zeroapi.suite;

import io.zeroapi.Protocol;

/** The suite over ZeroMQ (the default transport): same cases, same expectations. */
class ZmqClientServerTest extends AbstractClientServerTest {
  @Override
  protected Protocol protocol() {
    return Protocol.ZMQ;
  }
}
