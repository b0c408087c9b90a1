package io.zeroapi.suite;

import io.zeroapi.Protocol;

/** A server that goes away while a call runs, over raw TCP. */
class TcpServerGoneTest extends AbstractServerGoneTest {
  @Override
  protected Protocol protocol() {
    return Protocol.TCP;
  }
}
