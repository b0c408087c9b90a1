package io.zeroapi.internal.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class FrameDecoderTest {
  private static final int MAX = 1024;

  private final List<Object> events = new ArrayList<>();

  private EmbeddedChannel channel(long deadlineMillis) {
    return new EmbeddedChannel(
        new FrameDecoder(MAX, deadlineMillis),
        new ChannelInboundHandlerAdapter() {
          @Override
          public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
          }
        });
  }

  private static ByteBuf buf(byte[] bytes) {
    return Unpooled.wrappedBuffer(bytes);
  }

  /** The 10-byte ZMTP signature a ZeroMQ peer sends first (libzmq's and JeroMQ's). */
  private static final byte[] ZMTP_SIGNATURE = {(byte) 0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F};

  @Test
  void aZeroMqGreetingIsRecognisedEvenByteByByte() {
    EmbeddedChannel ch = channel(0);
    for (int i = 0; i < ZMTP_SIGNATURE.length - 1; i++) {
      ch.writeInbound(buf(new byte[] {ZMTP_SIGNATURE[i]}));
      assertThat(ch.isOpen()).as("waits for the whole signature").isTrue();
    }
    ch.writeInbound(buf(new byte[] {ZMTP_SIGNATURE[9], 3, 0}));
    assertThat(ch.isOpen()).isFalse();
    assertThat(events).containsExactly(new BadFrameEvent("the peer speaks ZeroMQ (ZMTP greeting)", true));
    assertThat(ch.<Object>readInbound()).isNull();
  }

  @Test
  void aFirstByte0xFfWithoutTheZmtpSignatureIsAnOversizedFrame() {
    EmbeddedChannel ch = channel(0);
    byte[] notZmtp = ZMTP_SIGNATURE.clone();
    notZmtp[9] = 0x00;
    ch.writeInbound(buf(notZmtp));
    assertThat(ch.isOpen()).isFalse();
    assertThat(events).containsExactly(new BadFrameEvent("frame length 4278190080 > max " + MAX, false));
  }

  @Test
  void aZmtpSignatureAfterAFrameIsAnOversizedFrame() {
    EmbeddedChannel ch = channel(0);
    byte[] request = Wire.frame("tcp_request.hex");
    byte[] stream = new byte[request.length + ZMTP_SIGNATURE.length];
    System.arraycopy(request, 0, stream, 0, request.length);
    System.arraycopy(ZMTP_SIGNATURE, 0, stream, request.length, ZMTP_SIGNATURE.length);
    ch.writeInbound(buf(stream));
    assertThat(ch.<Object>readInbound()).isInstanceOf(Frame.class);
    assertThat(events).containsExactly(new BadFrameEvent("frame length 4278190080 > max " + MAX, false));
  }

  @Test
  void decodesFrameFedOneByteAtATime() {
    EmbeddedChannel ch = channel(0);
    byte[] request = Wire.frame("tcp_request.hex");
    for (byte b : request) {
      assertThat(ch.<Object>readInbound()).isNull();
      ch.writeInbound(buf(new byte[] {b}));
    }
    Frame frame = ch.readInbound();
    assertThat(frame.requestId()).isEqualTo(1);
    assertThat(frame.flag()).isZero();
    assertThat(frame.payload()).isEqualTo(Wire.payload(request));
    assertThat(ch.<Object>readInbound()).isNull();
    assertThat(ch.isOpen()).isTrue();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void decodesSeveralFramesInOneBuffer() {
    EmbeddedChannel ch = channel(0);
    byte[] stream = Wire.frame("tcp_stream_server_to_client.hex");
    List<byte[]> expected = Wire.split(stream);
    assertThat(expected).hasSize(5);
    ch.writeInbound(buf(stream));
    for (byte[] want : expected) {
      Frame frame = ch.readInbound();
      assertThat(frame.requestId()).isEqualTo(Wire.id(want));
      assertThat(frame.flag()).isEqualTo(Wire.flag(want));
      assertThat(frame.payload()).isEqualTo(Wire.payload(want));
    }
    assertThat(ch.<Object>readInbound()).isNull();
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void frameSplitAcrossBuffersAtEveryOffset() {
    byte[] stream = Wire.frame("tcp_stream_client_to_server.hex");
    for (int cut = 1; cut < stream.length; cut++) {
      EmbeddedChannel ch = channel(0);
      ch.writeInbound(buf(java.util.Arrays.copyOfRange(stream, 0, cut)));
      ch.writeInbound(buf(java.util.Arrays.copyOfRange(stream, cut, stream.length)));
      int n = 0;
      while (ch.readInbound() != null) {
        n++;
      }
      assertThat(n).as("cut at %d", cut).isEqualTo(5);
      ch.finishAndReleaseAll();
    }
  }

  @Test
  void lengthAboveMaxClosesAfterTheHeaderAlone() {
    EmbeddedChannel ch = channel(0);
    ch.writeInbound(buf(Wire.hex("00000401"))); // MAX + 1, nothing else sent
    assertThat(ch.isOpen()).isFalse();
    assertThat(ch.<Object>readInbound()).isNull();
    assertThat(events).singleElement().asString().contains("1025 > max 1024");
  }

  @Test
  void hugeLengthClosesAtOnce() {
    EmbeddedChannel ch = channel(0);
    ch.writeInbound(buf(Wire.hex("ffffffff0000000100")));
    assertThat(ch.isOpen()).isFalse();
    assertThat(ch.<Object>readInbound()).isNull();
  }

  @Test
  void lengthExactlyMaxIsAccepted() {
    EmbeddedChannel ch = channel(0);
    byte[] frame = Wire.frame(7, 0, new byte[MAX - 5]);
    ch.writeInbound(buf(frame));
    Frame decoded = ch.readInbound();
    assertThat(decoded.payload()).hasSize(MAX - 5);
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void lengthBelowFiveCloses() {
    for (int length = 0; length < 5; length++) {
      EmbeddedChannel ch = channel(0);
      ch.writeInbound(buf(Wire.hex("0000000" + length)));
      assertThat(ch.isOpen()).as("length %d", length).isFalse();
      assertThat(ch.<Object>readInbound()).isNull();
    }
  }

  @Test
  void lengthFiveYieldsEmptyPayload() {
    EmbeddedChannel ch = channel(0);
    ch.writeInbound(buf(Wire.hex("00000005 deadbeef ff")));
    Frame frame = ch.readInbound();
    assertThat(frame.requestId()).isEqualTo(0xdeadbeef);
    assertThat(frame.flag()).isEqualTo(0xff);
    assertThat(frame.payload()).isEmpty();
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void bytesAfterABadLengthAreIgnored() {
    EmbeddedChannel ch = channel(0);
    byte[] good = Wire.frame("tcp_request.hex");
    byte[] input = new byte[4 + good.length];
    System.arraycopy(good, 0, input, 4, good.length); // 00000000 then a valid frame
    ch.writeInbound(buf(input));
    assertThat(ch.<Object>readInbound()).isNull();
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void framesBeforeABadLengthAreDeliveredThenTheChannelCloses() {
    EmbeddedChannel ch = channel(0);
    byte[] good = Wire.frame("tcp_request.hex");
    byte[] input = new byte[good.length + 4];
    System.arraycopy(good, 0, input, 0, good.length); // then 00000000
    ch.writeInbound(buf(input));
    Frame frame = ch.readInbound();
    assertThat(frame.requestId()).isEqualTo(1);
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void partialFrameDeadlineClosesStalledFrame() {
    EmbeddedChannel ch = channel(10_000);
    ch.freezeTime();
    byte[] request = Wire.frame("tcp_request.hex");
    ch.writeInbound(buf(java.util.Arrays.copyOf(request, 9))); // header, then silence
    ch.advanceTimeBy(9_999, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isTrue();
    ch.advanceTimeBy(2, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isFalse();
    assertThat(events).singleElement().asString().contains("not completed within 10000 ms");
  }

  @Test
  void lengthFieldAloneThenSilenceIsClosedByTheDeadline() {
    for (String start : new String[] {"00", "0000000a"}) { // part of the length field; the length field alone
      events.clear();
      EmbeddedChannel ch = channel(10_000);
      ch.freezeTime();
      ch.writeInbound(buf(Wire.hex(start)));
      ch.advanceTimeBy(9_999, TimeUnit.MILLISECONDS);
      ch.runScheduledPendingTasks();
      assertThat(ch.isOpen()).as(start).isTrue();
      ch.advanceTimeBy(2, TimeUnit.MILLISECONDS);
      ch.runScheduledPendingTasks();
      assertThat(ch.isOpen()).as(start).isFalse();
      assertThat(events).singleElement().asString().contains("not completed within 10000 ms");
    }
  }

  @Test
  void dribblingOneByteAtATimeDoesNotResetTheDeadline() {
    EmbeddedChannel ch = channel(10_000);
    ch.freezeTime();
    byte[] request = Wire.frame("tcp_request.hex");
    // one byte every 2 s: a read-idle timer would never fire; the frame deadline does, at 10 s
    for (int i = 0; i < 5; i++) {
      ch.writeInbound(buf(new byte[] {request[i]}));
      ch.advanceTimeBy(1_999, TimeUnit.MILLISECONDS);
      ch.runScheduledPendingTasks();
      assertThat(ch.isOpen()).as("after byte %d", i + 1).isTrue();
      ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    }
    ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isFalse();
    assertThat(ch.<Object>readInbound()).isNull();
  }

  @Test
  void deadlineWaitsWhileReadingIsPausedByBackpressure() {
    EmbeddedChannel ch = channel(10_000);
    ch.freezeTime();
    ch.writeInbound(buf(Wire.hex("0000000a000000")));
    ch.config().setAutoRead(false); // the server paused reading, e.g. at the in-flight cap
    ch.advanceTimeBy(25_000, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    ch.advanceTimeBy(10_001, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isTrue();
    ch.config().setAutoRead(true);
    ch.advanceTimeBy(10_001, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void idleBetweenFramesIsFineAndEachFrameGetsItsOwnDeadline() {
    EmbeddedChannel ch = channel(10_000);
    ch.freezeTime();
    byte[] request = Wire.frame("tcp_request.hex");
    ch.writeInbound(buf(request));
    assertThat(ch.<Object>readInbound()).isNotNull();
    ch.advanceTimeBy(60_000, TimeUnit.MILLISECONDS); // idle: no deadline running
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isTrue();
    // A frame dribbled over 8 s completes in time; the next one starts a fresh deadline.
    ch.writeInbound(buf(java.util.Arrays.copyOf(request, 5)));
    ch.advanceTimeBy(8_000, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    byte[] rest = java.util.Arrays.copyOfRange(request, 5, request.length);
    byte[] restPlusNext = new byte[rest.length + 3];
    System.arraycopy(rest, 0, restPlusNext, 0, rest.length);
    System.arraycopy(request, 0, restPlusNext, rest.length, 3);
    ch.writeInbound(buf(restPlusNext));
    assertThat(ch.<Object>readInbound()).isNotNull();
    ch.advanceTimeBy(8_000, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isTrue();
    ch.advanceTimeBy(2_001, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isFalse();
  }
}
