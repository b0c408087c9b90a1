package io.zeroapi.benchmarks.jmh;

import io.zeroapi.Rpc;
import io.zeroapi.codec.Codec;
import io.zeroapi.codec.MsgpackCodec;
import io.zeroapi.internal.Dispatcher;
import io.zeroapi.internal.FunctionRegistry;
import io.zeroapi.internal.RegisteredFunction;
import io.zeroapi.internal.ReplySink;
import java.util.concurrent.Executor;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The server's dispatch path in memory: {@link Dispatcher#handleEnvelope} with a direct executor
 * and a reply sink that only consumes the reply. No sockets, no thread hops: the cost of reading
 * the envelope, looking up and running the function, and encoding the reply. The {@code service*}
 * cases run {@link Rpc} methods of a registered service object instead of lambdas.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow", "-Xms512m", "-Xmx512m"})
@State(Scope.Thread)
public class DispatchBenchmark {
  private Dispatcher dispatcher;
  private byte[] helloRequest;
  private byte[] echoRequest;
  private byte[] serviceEchoRequest;
  private byte[] serviceSquareRequest;
  private ReplySink sink;

  /** A service as {@code ZeroServer.registerService} takes it. */
  public static final class Service {
    @Rpc("service_echo")
    public String echo(String message) {
      return message;
    }

    @Rpc("service_square")
    public int square(int x) {
      return x * x;
    }
  }

  @Setup
  public void setUp(Blackhole blackhole) {
    QuietLogs.apply();
    Codec codec = MsgpackCodec.create();
    FunctionRegistry registry = new FunctionRegistry(codec);
    registry.add(new RegisteredFunction("hello_world", null, String.class, false, argument -> "hello world"));
    registry.add(new RegisteredFunction("echo", String.class, String.class, false, argument -> argument));
    registry.addService(new Service());
    Executor direct = Runnable::run;
    dispatcher = new Dispatcher(registry, codec, direct);
    helloRequest = codec.encodeRequest("hello_world", null);
    echoRequest = codec.encodeRequest("echo", "hello there, zero");
    serviceEchoRequest = codec.encodeRequest("service_echo", "hello there, zero");
    serviceSquareRequest = codec.encodeRequest("service_square", 12345);
    sink = (payload, error) -> blackhole.consume(payload);
  }

  @Benchmark
  public void helloWorld() {
    dispatcher.handleEnvelope(helloRequest, sink);
  }

  @Benchmark
  public void echoString() {
    dispatcher.handleEnvelope(echoRequest, sink);
  }

  @Benchmark
  public void serviceEchoString() {
    dispatcher.handleEnvelope(serviceEchoRequest, sink);
  }

  @Benchmark
  public void serviceSquareInt() {
    dispatcher.handleEnvelope(serviceSquareRequest, sink);
  }
}
