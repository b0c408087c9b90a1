package io.zeroapi.internal.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadGateTest {
  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final AtomicInteger reads = new AtomicInteger();
  private final ReadGate gate = new ReadGate(channel);

  ReadGateTest() {
    channel
        .pipeline()
        .addLast(
            new ChannelOutboundHandlerAdapter() {
              @Override
              public void read(ChannelHandlerContext ctx) {
                reads.incrementAndGet();
                ctx.read();
              }
            })
        .addLast(gate);
  }

  @Test
  void oneReasonDoesNotResumeWhatAnotherPaused() {
    gate.pause(ReadGate.BUDGET);
    gate.pause(ReadGate.IN_FLIGHT);
    gate.resume(ReadGate.IN_FLIGHT);
    assertThat(channel.config().isAutoRead()).isFalse();
    gate.set(ReadGate.IN_FLIGHT | ReadGate.UNWRITABLE, 0); // the connection handler's update
    assertThat(channel.config().isAutoRead()).isFalse();
    assertThat(gate.paused(ReadGate.BUDGET)).isTrue();
    gate.resume(ReadGate.BUDGET);
    assertThat(channel.config().isAutoRead()).isTrue();
  }

  @Test
  void readsRequestedWhilePausedAreHeldBack() {
    gate.pause(ReadGate.UNWRITABLE);
    int before = reads.get();
    channel.read();
    assertThat(reads.get()).isEqualTo(before);
    gate.resume(ReadGate.UNWRITABLE); // turning autoRead on starts a read
    assertThat(reads.get()).isEqualTo(before + 1);
    channel.read();
    assertThat(reads.get()).isEqualTo(before + 2);
    channel.finishAndReleaseAll();
  }
}
