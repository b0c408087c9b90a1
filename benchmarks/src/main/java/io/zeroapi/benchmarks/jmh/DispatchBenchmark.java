package io.zeroapi.benchmarks.jmh;

import io.zeroapi.Rpc;
import io.zeroapi.codec.Codec;
import io.zeroapi.codec.MsgpackCodec;
import io.zeroapi.internal.Dispatcher;
import io.zeroapi.internal.FunctionRegistry;
import io.zeroapi.internal.RegisteredFunction;
import io.zeroapi.internal.IncomingCall;
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
 * The server's dispatch path in memory: {@link Dispatcher#handle} with a direct executor and a
 * call whose reply only consumes the bytes. No sockets, no thread hops, no envelope (the TCP
 * transport's): the cost of looking up the function, decoding its argument, running it and
 * encoding the reply. The {@code service*}
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
  private Call hello;
  private Call echo;
  private Call serviceEcho;
  private Call serviceSquare;

  /** One request, dispatched again and again (its name and argument are set anew each time). */
  private static final class Call extends IncomingCall {
    private final String function;
    private final byte[] argument;
    private final Blackhole blackhole;

    Call(String function, byte[] argument, Blackhole blackhole) {
      this.function = function;
      this.argument = argument;
      this.blackhole = blackhole;
    }

    Call ready() {
      request(function, argument, 0, argument.length);
      return this;
    }

    @Override
    public void reply(byte[] payload, boolean error) {
      blackhole.consume(payload);
    }
  }

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
    hello = new Call("hello_world", codec.encode(null), blackhole);
    echo = new Call("echo", codec.encode("hello there, zero"), blackhole);
    serviceEcho = new Call("service_echo", codec.encode("hello there, zero"), blackhole);
    serviceSquare = new Call("service_square", codec.encode(12345), blackhole);
  }

  @Benchmark
  public void helloWorld() {
    dispatcher.handle(hello.ready());
  }

  @Benchmark
  public void echoString() {
    dispatcher.handle(echo.ready());
  }

  @Benchmark
  public void serviceEchoString() {
    dispatcher.handle(serviceEcho.ready());
  }

  @Benchmark
  public void serviceSquareInt() {
    dispatcher.handle(serviceSquare.ready());
  }
}
