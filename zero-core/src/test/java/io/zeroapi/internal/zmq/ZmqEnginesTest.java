package io.zeroapi.internal.zmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.ZeroException;
import io.zeroapi.ZeroMqEngine;
import io.zeroapi.internal.ServerSettings;
import org.junit.jupiter.api.Test;

/**
 * Which engine a transport runs on. The build runs the ZeroMQ tests once per engine: by default
 * (libzmq where it loads) and again with {@code -Dzero.zmq.engine=jeromq}.
 */
class ZmqEnginesTest {
  @Test
  void theBuilderWinsOverTheSettingWhichWinsOverAuto() {
    assertThat(ZmqEngines.resolve(ZeroMqEngine.JEROMQ, "ZERO_ZMQ_ENGINE", "libzmq")).isSameAs(JeromqEngine.INSTANCE);
    assertThat(ZmqEngines.resolve(ZeroMqEngine.AUTO, "ZERO_ZMQ_ENGINE", "JeroMQ")).isSameAs(JeromqEngine.INSTANCE);
    ZmqEngine auto = ZmqEngines.resolve(ZeroMqEngine.AUTO, "ZERO_ZMQ_ENGINE", null);
    assertThat(auto.name()).isEqualTo(ZmqEngines.libzmqUnavailable() == null ? "libzmq" : "jeromq");
  }

  @Test
  void anUnknownSettingOrAnUnavailableLibzmqIsAClearError() {
    assertThatThrownBy(() -> ZmqEngines.resolve(ZeroMqEngine.AUTO, "ZERO_ZMQ_ENGINE", "fast"))
        .isExactlyInstanceOf(ZeroException.class)
        .hasMessage("Unknown ZeroMQ engine in ZERO_ZMQ_ENGINE=fast: use libzmq, jeromq or auto");
    if (ZmqEngines.libzmqUnavailable() != null) {
      assertThatThrownBy(() -> ZmqEngines.resolve(ZeroMqEngine.LIBZMQ, "ZERO_ZMQ_ENGINE", null))
          .isExactlyInstanceOf(ZeroException.class)
          .hasMessageStartingWith("The ZeroMQ engine libzmq was asked for (the builder's zmqEngine) but cannot be used: ");
    }
  }

  /** CI installs libzmq5 and sets ZERO_REQUIRE_LIBZMQ=1: then the fast engine must be the one in use. */
  @Test
  void libzmqIsUsedWhereItIsRequired() {
    if ("1".equals(System.getenv("ZERO_REQUIRE_LIBZMQ")) && Runtime.version().feature() >= 22) {
      assertThat(ZmqEngines.libzmqUnavailable()).as("why libzmq cannot be used").isNull();
    }
    String forced = System.getProperty(ZmqEngines.PROPERTY);
    String expected = forced != null ? forced : ZmqEngines.libzmqUnavailable() == null ? "libzmq" : "jeromq";
    ZmqServerTransport transport = new ZmqServerTransport(ServerSettings.transport("127.0.0.1", 0, 1024, 1, 1), call -> {});
    assertThat(transport.engine().name()).as("the engine of this test run").isEqualTo(expected);
  }
}
