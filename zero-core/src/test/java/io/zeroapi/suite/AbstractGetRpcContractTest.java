package io.zeroapi.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.Protocol;
import io.zeroapi.RemoteException;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroServer;
import io.zeroapi.internal.contract.Contract;
import io.zeroapi.internal.contract.PythonClientSource;
import io.zeroapi.testing.alltypes.AllTypesService;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The original's {@code get_rpc_contract} request (what {@code python -m zero.generate_client}
 * sends) against a live server with the all-types fixture, once per transport: the reply is the
 * Python client source for this server, the one {@link PythonClientSource} writes from the
 * server's contract; a bad argument gets the original's error key.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class AbstractGetRpcContractTest {
  /** The transport under test. */
  protected abstract Protocol protocol();

  /** Its name in the original's {@code --protocol}. */
  protected abstract String protocolName();

  private ZeroServer server;
  private ZeroClient client;

  @BeforeEach
  void start() {
    server = ZeroServer.builder().host("127.0.0.1").port(0).protocol(protocol()).build();
    server.registerService(new AllTypesService());
    server.start();
    client = ZeroClient.builder("127.0.0.1", server.port()).protocol(protocol()).build();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private Contract contract() {
    return Contract.parse(client.call("zero.contract", null, Object.class));
  }

  private String getRpcContract(Object argument) {
    return client.call("get_rpc_contract", argument, String.class);
  }

  @Test
  void repliesWithThePythonClientOfThisServer() {
    Contract contract = contract();
    assertThat(getRpcContract(List.of("127.0.0.1", server.port(), protocolName(), false)))
        .isEqualTo(PythonClientSource.generate(contract, "127.0.0.1", server.port(), protocolName(), false))
        .contains("class Everything(msgspec.Struct")
        .contains("def everything(self, value: Everything) -> Everything:");
    // the caller's host and port, not the server's; zmq async and tcp (always async) as asked
    assertThat(getRpcContract(List.of("gateway.example", 6000, "zmq", true)))
        .isEqualTo(PythonClientSource.generate(contract, "gateway.example", 6000, "zmq", true))
        .contains("zero_client = AsyncZeroClient(\"gateway.example\", 6000)\n");
    assertThat(getRpcContract(List.of("h", 1, "tcp", false)))
        .isEqualTo(PythonClientSource.generate(contract, "h", 1, "tcp", true));
  }

  @Test
  void theV09ArgumentGetsTheServersProtocolSync() {
    assertThat(getRpcContract(List.of("127.0.0.1", 5559)))
        .isEqualTo(PythonClientSource.generate(contract(), "127.0.0.1", 5559, protocolName(), false));
  }

  @Test
  void aBadArgumentGetsTheOriginalsErrorSayingWhatWasExpected() {
    for (Object bad : Arrays.asList(null, "127.0.0.1:5559", Map.of("host", "h"), List.of("h", 1, "zmq"),
        List.of(1, 2, "zmq", false), List.of("h", "5559", "zmq", false), List.of("h", 70000, "zmq", false),
        List.of("h", 1, "udp", false), List.of("h", 1, "zmq", "yes"))) {
      assertThatThrownBy(() -> getRpcContract(bad)).as("argument %s", bad)
          .isInstanceOf(RemoteException.class)
          .hasMessageStartingWith("__zerror__failed_to_generate_client_code: expected [host, port, protocol, async]");
    }
    // the server still serves
    assertThat(client.call("escalate", 1, Integer.class)).isEqualTo(10);
  }
}
