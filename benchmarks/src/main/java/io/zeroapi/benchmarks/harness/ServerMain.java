package io.zeroapi.benchmarks.harness;

import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.zeroapi.Protocol;
import io.zeroapi.TlsConfig;
import io.zeroapi.ZeroMqEngine;
import io.zeroapi.ZeroServer;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * One system's server, in its own JVM. Binds 127.0.0.1 port 0, prints {@code READY <port>} on
 * stdout, then answers control commands read from stdin, one per line: {@code STATS} prints
 * {@code STATS <calls> <alloc_total> <alloc_threads> <cpu_ns> <gc_count> <gc_ms>}; {@code QUIT} or
 * the end of stdin (the harness died) stops the process.
 *
 * <p>{@code alloc_total} is {@code com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes}
 * (virtual threads' allocation is charged to their carrier threads, so it is included);
 * {@code alloc_threads} is the sum of {@code getThreadAllocatedBytes} over the live platform threads,
 * a cross-check.
 *
 * <p>Usage: {@code ServerMain <zero-tcp|zero-zmq|grpc|netty|jeromq|libzmq> [redisPort]}.
 */
public final class ServerMain {
  private static final LongAdder CALLS = new LongAdder();
  private static volatile ServerKind KIND;

  private ServerMain() {}

  public static void main(String[] args) throws Exception {
    PrintStream control = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err); // logs never mix with the control channel
    Logging.quiet();
    ServerKind kind = ServerKind.parse(args[0]);
    KIND = kind;
    int redisPort = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    int port = switch (kind) {
      case ZERO_TCP -> zero(Protocol.TCP, redisPort, null, ZeroMqEngine.AUTO);
      case ZERO_TCP_INLINE -> zero(Protocol.TCP, redisPort, Runnable::run, ZeroMqEngine.AUTO);
      case ZERO_TCP_OBSERVED -> zero(Protocol.TCP, redisPort, null, ZeroMqEngine.AUTO);
      case ZERO_TCP_VT -> zero(Protocol.TCP, redisPort, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor(),
          ZeroMqEngine.AUTO);
      case ZERO_TCP_TLS -> zero(Protocol.TCP, redisPort, null, ZeroMqEngine.AUTO, BenchTls.server(TlsConfig.Provider.JDK));
      case ZERO_TCP_TLS_OPENSSL -> zero(Protocol.TCP, redisPort, null, ZeroMqEngine.AUTO,
          BenchTls.server(TlsConfig.Provider.OPENSSL));
      case ZERO_ZMQ -> zero(SystemId.zmqProtocol(), redisPort, null, ZeroMqEngine.AUTO);
      case ZERO_ZMQ_INLINE -> zero(SystemId.zmqProtocol(), redisPort, Runnable::run, ZeroMqEngine.AUTO);
      case ZERO_ZMQ_JEROMQ -> zero(SystemId.zmqProtocol(), redisPort, null, ZeroMqEngine.JEROMQ);
      case GRPC -> grpc(false);
      case GRPC_TLS -> grpc(true);
      case NETTY -> netty();
      case JEROMQ -> jeromq();
      case LIBZMQ -> LibzmqRaw.serve(CALLS::increment);
    };
    control.println("READY " + port);
    serveControl(control);
  }

  private static void serveControl(PrintStream control) throws Exception {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      switch (line.trim()) {
        case "STATS" -> {
          long sum = 0;
          for (long v : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            if (v > 0) {
              sum += v;
            }
          }
          long gcCount = 0;
          long gcMs = 0;
          for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMs += Math.max(0, gc.getCollectionTime());
          }
          control.println("STATS " + CALLS.sum() + " " + threads.getTotalThreadAllocatedBytes() + " " + sum + " "
              + os.getProcessCpuTime() + " " + gcCount + " " + gcMs);
        }
        case "QUIT" -> {
          stopRecordings(); // halt skips the JVM's shutdown, which would write a -XX:StartFlightRecording file
          Runtime.getRuntime().halt(0);
        }
        default -> control.println("ERROR unknown command");
      }
    }
    Runtime.getRuntime().halt(0); // stdin closed: the harness is gone
  }

  /** Stops (and so writes) the flight recordings started with {@code -XX:StartFlightRecording}, if any. */
  private static void stopRecordings() {
    if (jdk.jfr.FlightRecorder.isInitialized()) {
      for (jdk.jfr.Recording recording : jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings()) {
        recording.stop();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** A Zero server with the benchmark's functions; {@code executor} null for the default (a virtual thread per call). */
  private static int zero(Protocol protocol, int redisPort, Executor executor, ZeroMqEngine engine) {
    return zero(protocol, redisPort, executor, engine, null);
  }

  /** As above, over TLS unless {@code tls} is null. */
  private static int zero(Protocol protocol, int redisPort, Executor executor, ZeroMqEngine engine, TlsConfig tls) {
    if (protocol == null) {
      throw new IllegalStateException("this zero-core has no ZMQ protocol");
    }
    ZeroServer.Builder builder = ZeroServer.builder()
        .host("127.0.0.1")
        .port(0)
        .protocol(protocol)
        .zmqEngine(engine)
        .shutdownGracePeriod(Duration.ofMillis(100));
    if (executor != null) {
      builder.executor(executor);
    }
    if (tls != null) {
      builder.tls(tls);
    }
    if (KIND == ServerKind.ZERO_TCP_OBSERVED) {
      Observed.server(builder);
    }
    ZeroServer server = builder.build();
    server.register("hello_world", () -> {
      CALLS.increment();
      return "hello world";
    });
    server.register("echo", byte[].class, bytes -> {
      CALLS.increment();
      return bytes;
    });
    if (redisPort > 0) {
      RedisOrders.register(server, redisPort, CALLS::increment);
    }
    server.start();
    if (KIND == ServerKind.ZERO_TCP_OBSERVED) {
      Observed.bind(server);
    }
    return server.port();
  }

  // ---------------------------------------------------------------------------------------------

  /** @param tls over TLS with the run's certificate ({@link BenchTls}) */
  private static int grpc(boolean tls) throws Exception {
    var epoll = io.grpc.netty.shaded.io.netty.channel.epoll.Epoll.isAvailable();
    io.grpc.netty.shaded.io.netty.channel.EventLoopGroup group = epoll
        ? new io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup(2)
        : new io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup(2);
    ServerServiceDefinition service = ServerServiceDefinition.builder(GrpcBytes.SERVICE)
        .addMethod(GrpcBytes.METHOD, ServerCalls.asyncUnaryCall((byte[] request, io.grpc.stub.StreamObserver<byte[]> response) -> {
          CALLS.increment();
          response.onNext(request);
          response.onCompleted();
        }))
        .build();
    var builder = io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder
        .forAddress(new InetSocketAddress("127.0.0.1", 0));
    if (tls) {
      builder.sslContext(io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts.configure(
          io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder.forServer(BenchTls.keyManagers())).build());
    }
    io.grpc.Server server = builder
        .channelType(epoll
            ? io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel.class
            : io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel.class)
        .bossEventLoopGroup(group)
        .workerEventLoopGroup(group)
        .directExecutor()
        .addService(service)
        .build()
        .start();
    return server.getPort();
  }

  // ---------------------------------------------------------------------------------------------

  @ChannelHandler.Sharable
  private static final class Echo extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      CALLS.increment();
      ctx.write(msg, ctx.voidPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private static int netty() throws Exception {
    EventLoopGroup group = NettyFrames.group(2);
    Echo echo = new Echo();
    Channel channel = new ServerBootstrap()
        .group(group)
        .channel(NettyFrames.serverChannel())
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(NettyFrames.decoder(), echo);
          }
        })
        .bind("127.0.0.1", 0)
        .sync()
        .channel();
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  // ---------------------------------------------------------------------------------------------

  private static int jeromq() {
    ZContext context = new ZContext(1);
    ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
    router.setRcvHWM(100_000);
    router.setSndHWM(100_000);
    router.bind("tcp://127.0.0.1:*");
    String endpoint = router.getLastEndpoint();
    int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    Thread thread = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          byte[] identity = router.recv(0);
          if (identity == null) {
            break;
          }
          byte[] payload = router.recv(0);
          CALLS.increment();
          router.send(identity, ZMQ.SNDMORE);
          router.send(payload, 0);
        }
      } catch (RuntimeException e) {
        e.printStackTrace();
      }
    }, "jeromq-echo");
    thread.setDaemon(true);
    thread.start();
    return port;
  }
}
