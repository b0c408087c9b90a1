package io.zeroapi.benchmarks.jmh;

import io.zeroapi.codec.Codec;
import io.zeroapi.codec.MsgpackCodec;
import io.zeroapi.internal.ErrorReplies;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The MessagePack codec alone: the original's {@code Order} struct and the hello-world request
 * envelope and reply, encoded and decoded. Run with {@code ./zero jmh CodecBenchmark -prof gc} for
 * B/op ({@code gc.alloc.rate.norm}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow", "-Xms512m", "-Xmx512m"})
@State(Scope.Benchmark)
public class CodecBenchmark {

  /** The Python original's benchmark struct. */
  public record Order(long id, double price, String name, Instant created_at, List<String> items) {}

  private final Codec codec = MsgpackCodec.create();
  private Order order;
  private byte[] orderBytes;
  private byte[] helloReply;
  private byte[] echoArgument;

  @Setup
  public void setUp() {
    order = new Order(42, 19.99, "apple pie", Instant.parse("2024-05-06T07:08:09.123456Z"),
        List.of("apple", "python", "zero"));
    orderBytes = codec.encode(order);
    helloReply = codec.encode("hello world");
    echoArgument = codec.encode("hello there, zero");
  }

  @Benchmark
  public byte[] encodeOrder() {
    return codec.encode(order);
  }

  @Benchmark
  public Object decodeOrder() {
    return codec.decode(orderBytes, 0, orderBytes.length, Order.class);
  }

  /** What the server does per echo call: decode the argument. */
  @Benchmark
  public Object decodeEchoArgument() {
    return codec.decode(echoArgument, 0, echoArgument.length, String.class);
  }

  /** What the server does last per hello call: the result. */
  @Benchmark
  public byte[] encodeHelloReply() {
    return codec.encode("hello world");
  }

  /** What the client does with the reply: check for an error map, then decode. */
  @Benchmark
  public Object decodeHelloReply() {
    if (ErrorReplies.parse(helloReply, codec) != null) {
      throw new AssertionError();
    }
    return codec.decode(helloReply, 0, helloReply.length, String.class);
  }
}
