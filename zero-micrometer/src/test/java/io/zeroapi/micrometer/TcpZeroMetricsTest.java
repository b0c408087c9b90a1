package io.zeroapi.micrometer;

import io.zeroapi.Protocol;

class TcpZeroMetricsTest extends AbstractZeroMetricsTest {
  @Override
  protected Protocol protocol() {
    return Protocol.TCP;
  }
}
