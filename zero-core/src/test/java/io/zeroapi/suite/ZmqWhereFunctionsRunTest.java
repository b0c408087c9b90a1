package io.zeroapi.suite;

import io.zeroapi.Protocol;

/** Over ZeroMQ, with the default executor: calls start on the server's I/O thread. */
class ZmqWhereFunctionsRunTest extends AbstractWhereFunctionsRunTest {
  @Override
  protected Protocol protocol() {
    return Protocol.ZMQ;
  }
}
