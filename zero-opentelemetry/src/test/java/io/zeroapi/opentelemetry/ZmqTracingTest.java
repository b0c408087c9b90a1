package io.zeroapi.opentelemetry;

import io.zeroapi.Protocol;

class ZmqTracingTest extends AbstractTracingTest {
  @Override
  protected Protocol protocol() {
    return Protocol.ZMQ;
  }
}
