package io.zeroapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The scale-out suite over raw TCP, plus the one-call-in-flight pool (towards Python servers) per endpoint. */
class TcpScaleOutTest extends AbstractScaleOutTest {
  @Override
  protected Protocol protocol() {
    return Protocol.TCP;
  }

  /** The connection is lost under the call: it fails at once. */
  @Override
  protected Class<?>[] lostCallExceptions() {
    return new Class<?>[] {ConnectionException.class};
  }

  @Test
  void theOneInFlightPoolWorksPerEndpoint() throws Exception {
    Replica a = replica("127.0.0.2");
    Replica b = replica("127.0.0.3");
    try (AsyncZeroClient client = builder(a.hostPort() + "," + b.hostPort()).multiplexed(false).connections(2)
        .buildAsync()) {
      List<CompletableFuture<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        calls.add(client.call("work", i, Integer.class));
      }
      for (int i = 0; i < calls.size(); i++) {
        assertThat(calls.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
      }
    }
    assertThat(a.calls.get() + b.calls.get()).isEqualTo(100);
    assertThat(a.calls.get()).isPositive();
    assertThat(b.calls.get()).isPositive();
  }
}
