package io.zeroapi.suite;

import io.zeroapi.Protocol;

/** A server that goes away while a call runs, over ZeroMQ. */
class ZmqServerGoneTest extends AbstractServerGoneTest {
  @Override
  protected Protocol protocol() {
    return Protocol.ZMQ;
  }
}
