package io.zeroapi.suite;

import io.zeroapi.Protocol;

/** Client create/close cycles over ZeroMQ. */
class ZmqClientLifecycleTest extends AbstractClientLifecycleTest {
  @Override
  protected Protocol protocol() {
    return Protocol.ZMQ;
  }
}
