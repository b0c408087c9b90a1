package io.zeroapi.suite;

import io.zeroapi.Protocol;

/** Over ZeroMQ, with the default executor. */
class ZmqWhereFunctionsRunTest extends AbstractWhereFunctionsRunTest {
  @Override
  protected Protocol protocol() {
    return Protocol.ZMQ;
  }
}
