package io.zeroapi.micrometer;

import io.zeroapi.Protocol;

class ZmqZeroMetricsTest extends AbstractZeroMetricsTest {
  @Override
  protected Protocol protocol() {
    return Protocol.ZMQ;
  }
}
