package io.zeroapi.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.ConnectionException;
import io.zeroapi.Protocol;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The suite over raw TCP, plus the TCP client's one-call-in-flight mode (the original's). */
class TcpClientServerTest extends AbstractClientServerTest {
  @Override
  protected Protocol protocol() {
    return Protocol.TCP;
  }

  /** Raw TCP connects when called: a refused connection fails the call at once. */
  @Override
  protected Class<? extends ZeroException> expectedUnreachableException() {
    return ConnectionException.class;
  }

  @Test
  void oneInFlightModeServesConcurrentCallsOverAPool() throws Exception {
    try (var client = clientBuilder().multiplexed(false).connections(3).buildAsync()) {
      List<CompletableFuture<String>> calls = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        calls.add(client.call("echo", "m" + i, String.class));
      }
      for (int i = 0; i < calls.size(); i++) {
        assertThat(calls.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("m" + i);
      }
    }
    try (ZeroClient client = clientBuilder().multiplexed(false).build()) {
      assertThat(client.call("hello_world", String.class)).isEqualTo("hello world");
    }
  }
}
