package io.zeroapi.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zeroapi.ClientCall;
import io.zeroapi.Metadata;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A client that calls ever new names cannot make ever new series. */
class FunctionTagCapTest {
  private record Call(String function) implements ClientCall {
    @Override
    public Object argument() {
      return null;
    }

    @Override
    public Metadata metadata() {
      return Metadata.empty();
    }

    @Override
    public Duration timeout() {
      return Duration.ofSeconds(1);
    }

    @Override
    public ClientCall withMetadata(String key, String value) {
      return this;
    }
  }

  @Test
  void namesBeyondTheCapAreTaggedOther() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ZeroMetrics metrics = ZeroMetrics.of(registry);
    int names = ZeroMetrics.MAX_FUNCTION_TAGS + 44;
    for (int i = 0; i < names; i++) {
      metrics.client().intercept(new Call("f" + i), call -> CompletableFuture.completedFuture("ok"));
    }
    assertThat(registry.find("zero.client.calls").timers()).hasSize(ZeroMetrics.MAX_FUNCTION_TAGS + 1);
    assertThat(registry.get("zero.client.calls").tag("function", ZeroMetrics.OTHER_FUNCTION).timer().count())
        .isEqualTo(44);
    assertThat(registry.get("zero.client.calls").tag("function", "f0").timer().count()).isEqualTo(1);
  }
}
