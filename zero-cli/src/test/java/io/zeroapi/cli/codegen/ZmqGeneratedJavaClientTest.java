package io.zeroapi.cli.codegen;

import io.zeroapi.Protocol;

/** The generated Java client against a live server over ZMQ. */
class ZmqGeneratedJavaClientTest extends AbstractGeneratedJavaClientTest {
  @Override
  protected Protocol protocol() {
    return Protocol.ZMQ;
  }
}
