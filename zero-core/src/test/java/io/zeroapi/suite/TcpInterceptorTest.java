package io.zeroapi.suite;

import io.zeroapi.Protocol;

/** Metadata, deadlines and interceptors over raw TCP. */
class TcpInterceptorTest extends AbstractInterceptorTest {
  @Override
  protected Protocol protocol() {
    return Protocol.TCP;
  }
}
