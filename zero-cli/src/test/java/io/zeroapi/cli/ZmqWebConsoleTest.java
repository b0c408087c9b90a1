package io.zeroapi.cli;

import io.zeroapi.Protocol;

/** The web console's API against a ZeroMQ server. */
class ZmqWebConsoleTest extends AbstractWebConsoleTest {
  @Override
  Protocol protocol() {
    return Protocol.ZMQ;
  }
}
