package io.zeroapi.suite;

import io.zeroapi.Protocol;

/** Client create/close cycles over raw TCP. */
class TcpClientLifecycleTest extends AbstractClientLifecycleTest {
  @Override
  protected Protocol protocol() {
    return Protocol.TCP;
  }
}
