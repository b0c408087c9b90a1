package io.zeroapi.internal.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.zeroapi.ProtocolException;
import io.zeroapi.codec.MsgpackCodec;
import io.zeroapi.testing.FuzzInvariants;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets of the TCP transport's decoders (docs/reliability.md): the frame decoder, fed the
 * input in chunks, against a reference model of the framing rules; and the request envelope reader
 * against the codec. In a plain test run each runs over its committed corpus under {@code
 * src/test/resources/io/zeroapi/internal/tcp/TcpFuzzTestInputs/}; {@code ./zero fuzz} fuzzes them.
 */
@Timeout(10) // per input: a hang is a finding (Jazzer passes it on as libFuzzer's -timeout)
class TcpFuzzTest {
  /** The frame limit under fuzzing: small, so that the fuzzer reaches both sides of it. */
  static final int MAX = 1024;

  /**
   * Bytes each write into the channel may allocate besides the input's share: the pipeline's event
   * and, in test runs, Netty's paranoid leak detector's record of the buffer.
   */
  private static final long PER_WRITE = 32 * 1024;

  private static final MsgpackCodec CODEC = MsgpackCodec.create();
  private static final TcpEnvelope.Reader READER = new TcpEnvelope.Reader();

  /**
   * The stream after the first byte goes through a server's FrameDecoder (max 1024, a 10 s
   * partial-frame deadline, a partial-frame budget account) in chunks whose size the first byte
   * chooses (1..255, 0 = all at once). The frames out, and whether the connection was
   * closed, are what the framing rules say: frames of length 5..max in order; the first length
   * outside them, or a complete ZMTP signature at the start (the start of one waits), closes the connection (after the good
   * frames before it); an incomplete frame at the end just waits. Nothing else escapes the
   * pipeline, the decoder's allocation stays proportional to the input, and once the connection is
   * closed no partial-frame byte is still accounted to the budget.
   */
  @FuzzTest
  void frames(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int chunk = input[0] & 0xff;
    byte[] stream = Arrays.copyOfRange(input, 1, input.length);
    int step = chunk == 0 ? Math.max(1, stream.length) : chunk;
    long writes = (stream.length + step - 1) / step;
    List<Object> events = new ArrayList<>();
    PartialFrameBudget[] budget = new PartialFrameBudget[1];
    EmbeddedChannel channel =
        FuzzInvariants.check(
                FuzzInvariants.ALLOCATION_PER_INPUT_BYTE * stream.length + FuzzInvariants.FIXED_ALLOCATION
                    + PER_WRITE * writes,
                stream.length,
                () -> {
                  events.clear();
                  EmbeddedChannel ch = new EmbeddedChannel();
                  budget[0] = new PartialFrameBudget(1 << 20);
                  ch.pipeline().addLast(
                      new FrameDecoder(MAX, 10_000, Frame::new, budget[0].open(new ReadGate(ch), ch)),
                      new ChannelInboundHandlerAdapter() {
                        @Override
                        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                          events.add(evt);
                        }
                      });
                  for (int at = 0; at < stream.length && ch.isOpen(); at += step) {
                    ch.writeInbound(Unpooled.wrappedBuffer(stream, at, Math.min(step, stream.length - at)));
                  }
                  ch.checkException(); // anything thrown inside the pipeline
                  return ch;
                })
            .value();
    List<Frame> frames = new ArrayList<>();
    for (Object message; (message = channel.readInbound()) != null; ) {
      frames.add((Frame) message);
    }
    Model expected = Model.of(stream);
    assertThat(frames).hasSameSizeAs(expected.frames);
    for (int i = 0; i < frames.size(); i++) {
      Frame want = expected.frames.get(i);
      assertThat(frames.get(i).requestId()).isEqualTo(want.requestId());
      assertThat(frames.get(i).flag()).isEqualTo(want.flag());
      assertThat(frames.get(i).payload()).isEqualTo(want.payload());
    }
    assertThat(channel.isOpen()).as("closed").isEqualTo(!expected.closes);
    assertThat(events).hasSize(expected.closes ? 1 : 0);
    channel.finishAndReleaseAll();
    assertThat(budget[0].held()).as("partial-frame bytes still accounted after the close").isZero();
  }

  /** The framing rules, written plainly over the whole stream. */
  private record Model(List<Frame> frames, boolean closes) {
    private static final byte[] ZMTP = {(byte) 0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F};

    static Model of(byte[] s) {
      List<Frame> frames = new ArrayList<>();
      int prefix = Math.min(s.length, ZMTP.length);
      if (prefix > 0 && Arrays.equals(s, 0, prefix, ZMTP, 0, prefix)) {
        return new Model(frames, prefix == ZMTP.length); // a ZeroMQ greeting; its start waits
      }
      int p = 0;
      while (s.length - p >= 4) {
        long length = ((s[p] & 0xffL) << 24) | ((s[p + 1] & 0xff) << 16) | ((s[p + 2] & 0xff) << 8) | (s[p + 3] & 0xff);
        if (length < 5 || length > MAX) {
          return new Model(frames, true);
        }
        if (s.length - p - 4 < length) {
          break;
        }
        int id = ((s[p + 4] & 0xff) << 24) | ((s[p + 5] & 0xff) << 16) | ((s[p + 6] & 0xff) << 8) | (s[p + 7] & 0xff);
        frames.add(new Frame(id, s[p + 8] & 0xff, Arrays.copyOfRange(s, p + 9, p + 4 + (int) length)));
        p += 4 + (int) length;
      }
      return new Model(frames, false);
    }
  }

  /**
   * The request envelope reader on a frame's payload: a request or ProtocolException, in agreement
   * with the codec's reading of the same bytes (EnvelopeOracle), within the allocation bound.
   */
  @FuzzTest
  void envelope(byte[] payload) {
    FuzzInvariants.check(payload.length, () -> READER.read(payload), ProtocolException.class);
    EnvelopeOracle.check(READER, CODEC, payload);
  }
}
