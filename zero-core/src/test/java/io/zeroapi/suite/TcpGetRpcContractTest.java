package io.zeroapi.suite;

import io.zeroapi.Protocol;

/** {@code get_rpc_contract} over raw TCP. */
class TcpGetRpcContractTest extends AbstractGetRpcContractTest {
  @Override
  protected Protocol protocol() {
    return Protocol.TCP;
  }

  @Override
  protected String protocolName() {
    return "tcp";
  }
}
