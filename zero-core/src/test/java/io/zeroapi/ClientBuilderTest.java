package io.zeroapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Misuse of the client builder is refused when the client is built, with a clear message. */
class ClientBuilderTest {

  @Test
  void transportOnlySettingsAreRefusedWithTheOtherTransport() {
    assertThatThrownBy(() -> ZeroClient.builder("127.0.0.1", 5559).multiplexed(false).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TCP-only");
    assertThatThrownBy(() -> ZeroClient.builder("127.0.0.1", 5559).protocol(Protocol.TCP)
            .curve(CurveKeys.generate().publicKey()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ZMQ-only");
  }

  @Test
  void buildReturnsAClientWithBothViewsAndBuildAsyncItsAsyncView() {
    try (ZeroClient client = ZeroClient.builder("127.0.0.1", 5559).protocol(Protocol.TCP).build()) {
      assertThat(client.async().blocking()).isSameAs(client);
    }
    try (AsyncZeroClient async = ZeroClient.builder("127.0.0.1", 5559).protocol(Protocol.TCP).buildAsync()) {
      assertThat(async.blocking().async()).isSameAs(async);
    }
  }
}
