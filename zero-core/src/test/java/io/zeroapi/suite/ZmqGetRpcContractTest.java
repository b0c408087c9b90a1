package io.zeroapi.suite;

import io.zeroapi.Protocol;

/** {@code get_rpc_contract} over ZeroMQ. */
class ZmqGetRpcContractTest extends AbstractGetRpcContractTest {
  @Override
  protected Protocol protocol() {
    return Protocol.ZMQ;
  }

  @Override
  protected String protocolName() {
    return "zmq";
  }
}
