package io.zeroapi.suite;

import io.zeroapi.Protocol;

/** Server statistics over ZeroMQ (no connection figures: ZeroMQ hides connections). */
class ZmqServerStatsTest extends AbstractServerStatsTest {
  @Override
  protected Protocol protocol() {
    return Protocol.ZMQ;
  }
}
