package io.zeroapi.opentelemetry;

import io.zeroapi.Protocol;

class TcpTracingTest extends AbstractTracingTest {
  @Override
  protected Protocol protocol() {
    return Protocol.TCP;
  }
}
