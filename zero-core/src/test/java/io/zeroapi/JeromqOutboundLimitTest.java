package io.zeroapi;

/** {@link ZmqOutboundLimitTest} with the client on JeroMQ (the default engine is libzmq where it loads). */
class JeromqOutboundLimitTest extends ZmqOutboundLimitTest {
  @Override
  protected ZeroClient.Builder builder(int port) {
    return super.builder(port).zmqEngine(ZeroMqEngine.JEROMQ);
  }
}
