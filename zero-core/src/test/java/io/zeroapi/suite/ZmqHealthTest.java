package io.zeroapi.suite;

import io.zeroapi.Protocol;

/** Health and draining over ZeroMQ. */
class ZmqHealthTest extends AbstractHealthTest {
  @Override
  protected Protocol protocol() {
    return Protocol.ZMQ;
  }
}
