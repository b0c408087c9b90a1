package io.zeroapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A server's settings are fixed when it is built: later changes to the builder do not reach it. */
class ServerBuilderTest {

  @Test
  void eachServerKeepsTheSettingsItWasBuiltWith() {
    ZeroServer.Builder builder = ZeroServer.builder().host("127.0.0.1").port(0).protocol(Protocol.TCP);
    try (ZeroServer tcp = builder.build()) {
      builder.protocol(Protocol.ZMQ).port(1); // after the first build
      try (ZeroServer zmq = builder.build()) {
        assertThat(tcp.protocol()).isEqualTo(Protocol.TCP);
        assertThat(zmq.protocol()).isEqualTo(Protocol.ZMQ);
        tcp.start();
        assertThat(tcp.port()).as("the first server binds the port it was built with (0: a free one)").isNotEqualTo(1);
      }
    }
  }

  @Test
  void curveWithTcpIsRefusedAtBuild() {
    assertThatThrownBy(() -> ZeroServer.builder().protocol(Protocol.TCP).curve(CurveKeys.generate()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ZMQ-only");
  }

  @Test
  void healthPortAndDrainDelayAreChecked() {
    assertThatThrownBy(() -> ZeroServer.builder().healthPort(65_536))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("healthPort");
    assertThatThrownBy(() -> ZeroServer.builder().healthPort(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("healthPort");
    assertThatThrownBy(() -> ZeroServer.builder().drainDelay(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("drainDelay");
  }

  @Test
  void aHealthPortThatCannotBeBoundFailsTheStartAndLeavesNothingBound() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
        ZeroServer server = ZeroServer.builder().host("127.0.0.1").port(0).protocol(Protocol.TCP)
            .healthPort(taken.getLocalPort()).build()) {
      assertThatThrownBy(server::start).isInstanceOf(ConnectionException.class)
          .hasMessageContaining("health port");
      assertThatThrownBy(server::port).as("not started").isInstanceOf(IllegalStateException.class);
    }
  }
}
