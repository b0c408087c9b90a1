package io.zeroapi.cli.codegen;

import io.zeroapi.Protocol;

/** The generated Java client against a live server over TCP. */
class TcpGeneratedJavaClientTest extends AbstractGeneratedJavaClientTest {
  @Override
  protected Protocol protocol() {
    return Protocol.TCP;
  }
}
