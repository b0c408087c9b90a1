package io.zeroapi.suite;

import io.zeroapi.Protocol;

/** Health and draining over raw TCP. */
class TcpHealthTest extends AbstractHealthTest {
  @Override
  protected Protocol protocol() {
    return Protocol.TCP;
  }
}
