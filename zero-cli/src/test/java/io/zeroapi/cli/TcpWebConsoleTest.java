package io.zeroapi.cli;

import io.zeroapi.Protocol;

/** The web console's API against a TCP server. */
class TcpWebConsoleTest extends AbstractWebConsoleTest {
  @Override
  Protocol protocol() {
    return Protocol.TCP;
  }
}
