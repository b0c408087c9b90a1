package io.zeroapi.suite;

import io.zeroapi.Protocol;

/** Metadata, deadlines and interceptors over ZeroMQ. */
class ZmqInterceptorTest extends AbstractInterceptorTest {
  @Override
  protected Protocol protocol() {
    return Protocol.ZMQ;
  }
}
