package io.zeroapi.benchmarks.harness;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.collection.IntObjectHashMap;
import io.zeroapi.AsyncZeroClient;
import io.zeroapi.Protocol;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroMqEngine;
import io.zeroapi.internal.zmq.IoWaiter;
import io.zeroapi.internal.zmq.ZmqContext;
import io.zeroapi.internal.zmq.ZmqSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** The client adapters, one per system; every one connects to 127.0.0.1 only. */
final class Clients {
  private Clients() {}

  static BenchClient create(SystemId system, Workload workload, int port, int connections) {
    return switch (system) {
      case ZERO_TCP, ZERO_TCP_INLINE, ZERO_TCP_VT -> new ZeroAsync(workload, new AsyncZeroClient[] {
          builder(port, Protocol.TCP).connections(connections).buildAsync()});
      case ZERO_TCP_TLS, ZERO_TCP_TLS_OPENSSL -> new ZeroAsync(workload, new AsyncZeroClient[] {
          builder(port, Protocol.TCP).connections(connections).tls(BenchTls.client(system == SystemId.ZERO_TCP_TLS
              ? io.zeroapi.TlsConfig.Provider.JDK : io.zeroapi.TlsConfig.Provider.OPENSSL)).buildAsync()});
      case ZERO_TCP_OBSERVED -> new ZeroAsync(workload, new AsyncZeroClient[] {
          Observed.client(builder(port, Protocol.TCP)).connections(connections).buildAsync()});
      case ZERO_TCP_POOL -> new ZeroAsync(workload, new AsyncZeroClient[] {
          builder(port, Protocol.TCP).multiplexed(false).connections(connections).buildAsync()});
      case ZERO_ZMQ_ASYNC, ZERO_ZMQ_INLINE -> {
        // a ZeroMQ client is one DEALER socket: N connections are N clients
        AsyncZeroClient[] clients = new AsyncZeroClient[connections];
        for (int i = 0; i < connections; i++) {
          clients[i] = builder(port, SystemId.zmqProtocol()).buildAsync();
        }
        yield new ZeroAsync(workload, clients);
      }
      case ZERO_ZMQ_JEROMQ -> {
        AsyncZeroClient[] clients = new AsyncZeroClient[connections];
        for (int i = 0; i < connections; i++) {
          clients[i] = builder(port, SystemId.zmqProtocol()).zmqEngine(ZeroMqEngine.JEROMQ).buildAsync();
        }
        yield new ZeroAsync(workload, clients);
      }
      case ZERO_ZMQ_SYNC -> {
        ZeroClient[] clients = new ZeroClient[connections];
        for (int i = 0; i < connections; i++) {
          clients[i] = builder(port, SystemId.zmqProtocol()).build();
        }
        yield new ZeroSync(workload, clients);
      }
      case GRPC -> new Grpc(workload, port, connections, false);
      case GRPC_TLS -> new Grpc(workload, port, connections, true);
      case NETTY -> new NettyRaw(workload, port, connections);
      case JEROMQ -> new JeroMq(workload, port, connections);
      case LIBZMQ -> new Libzmq(workload, port, connections);
    };
  }

  /**
   * A Zero client of the server on {@code port}. Its calls carry their deadline (the default);
   * {@code ZERO_BENCH_DEADLINES=off} sends none, to measure what the call header costs.
   */
  private static ZeroClient.Builder builder(int port, Protocol protocol) {
    return ZeroClient.builder("127.0.0.1", port).protocol(protocol).timeout(Duration.ofSeconds(10))
        .deadlinePropagation(!"off".equals(System.getenv("ZERO_BENCH_DEADLINES")));
  }

  private static Class<?> replyType(Workload workload) {
    return switch (workload) {
      case HELLO -> String.class;
      case ECHO_1K, ECHO_64K -> byte[].class;
      case REDIS -> Object.class;
    };
  }

  // ---------------------------------------------------------------------------------------------

  /** Zero's AsyncZeroClient; connection {@code conn} maps to {@code clients[conn % clients.length]}. */
  static final class ZeroAsync implements BenchClient {
    private final Workload workload;
    private final AsyncZeroClient[] clients;
    private final Class<?> type;

    ZeroAsync(Workload workload, AsyncZeroClient[] clients) {
      this.workload = workload;
      this.clients = clients;
      this.type = replyType(workload);
    }

    @Override
    public void call(int conn, Done done) {
      clients[conn % clients.length]
          .call(workload.function(), workload.argument(), type)
          .whenComplete((value, failure) -> done.done(failure == null));
    }

    @Override
    public void close() {
      for (AsyncZeroClient c : clients) {
        c.close();
      }
    }
  }

  /** Zero's blocking ZeroClient. */
  static final class ZeroSync implements BenchClient {
    private final Workload workload;
    private final ZeroClient[] clients;
    private final Class<?> type;

    ZeroSync(Workload workload, ZeroClient[] clients) {
      this.workload = workload;
      this.clients = clients;
      this.type = replyType(workload);
    }

    @Override
    public boolean blocking() {
      return true;
    }

    @Override
    public void callBlocking(int conn) {
      clients[conn % clients.length].call(workload.function(), workload.argument(), type);
    }

    @Override
    public void call(int conn, Done done) {
      throw new UnsupportedOperationException("blocking client");
    }

    @Override
    public void close() {
      for (ZeroClient c : clients) {
        c.close();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** grpc-java: N channels sharing one epoll event loop (1 thread), directExecutor. */
  static final class Grpc implements BenchClient {
    private final byte[] request;
    private final io.grpc.netty.shaded.io.netty.channel.EventLoopGroup group;
    private final ManagedChannel[] channels;

    Grpc(Workload workload, int port, int connections, boolean tls) {
      this.request = workload.requestBytes();
      boolean epoll = io.grpc.netty.shaded.io.netty.channel.epoll.Epoll.isAvailable();
      this.group = epoll
          ? new io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup(1)
          : new io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup(1);
      this.channels = new ManagedChannel[connections];
      for (int i = 0; i < connections; i++) {
        var builder = io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forAddress("127.0.0.1", port)
            .eventLoopGroup(group)
            .channelType(epoll
                ? io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel.class
                : io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel.class)
            .directExecutor()
            .maxInboundMessageSize(16 * 1024 * 1024);
        if (tls) {
          try {
            builder.sslContext(io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts.forClient()
                .trustManager(BenchTls.dir().resolve("server.pem").toFile()).build());
          } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException(e);
          }
        } else {
          builder.usePlaintext();
        }
        channels[i] = builder.build();
      }
    }

    @Override
    public void call(int conn, Done done) {
      ClientCalls.asyncUnaryCall(
          channels[conn % channels.length].newCall(GrpcBytes.METHOD, CallOptions.DEFAULT),
          request,
          new StreamObserver<byte[]>() {
            private boolean ended;

            @Override
            public void onNext(byte[] value) {}

            @Override
            public void onError(Throwable t) {
              if (!ended) {
                ended = true;
                done.done(false);
              }
            }

            @Override
            public void onCompleted() {
              if (!ended) {
                ended = true;
                done.done(true);
              }
            }
          });
    }

    @Override
    public void close() {
      for (ManagedChannel c : channels) {
        c.shutdownNow();
      }
      for (ManagedChannel c : channels) {
        try {
          c.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Raw Netty with Zero TCP's framing: N channels on one event loop (1 thread, like Zero's client),
   * replies matched by request id; writes from the event loop are flushed once per read batch.
   */
  static final class NettyRaw implements BenchClient {
    private final byte[] payload;
    private final EventLoopGroup group;
    private final Channel[] channels;
    private final Conn[] conns;

    /** Per-channel state, touched only on the channel's event loop. */
    private final class Conn extends ChannelInboundHandlerAdapter {
      final IntObjectHashMap<Done> pending = new IntObjectHashMap<>();
      int nextId;
      ChannelHandlerContext ctx;
      boolean flushPending;

      @Override
      public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
      }

      void send(Done done) {
        int id = nextId++;
        pending.put(id, done);
        ByteBuf buf = ctx.alloc().buffer(9 + payload.length);
        buf.writeInt(5 + payload.length).writeInt(id).writeByte(0).writeBytes(payload);
        ctx.write(buf, ctx.voidPromise());
      }

      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        int id = frame.getInt(frame.readerIndex() + 4);
        boolean error = frame.getByte(frame.readerIndex() + 8) != 0;
        frame.release();
        Done done = pending.remove(id);
        flushPending = true;
        if (done != null) {
          done.done(!error); // may send the next call: written now, flushed below
        }
      }

      @Override
      public void channelReadComplete(ChannelHandlerContext ctx) {
        if (flushPending) {
          flushPending = false;
          ctx.flush();
        }
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        for (Done d : pending.values()) {
          d.done(false);
        }
        pending.clear();
      }
    }

    NettyRaw(Workload workload, int port, int connections) {
      this.payload = workload.requestBytes();
      this.group = NettyFrames.group(1);
      this.channels = new Channel[connections];
      this.conns = new Conn[connections];
      Bootstrap bootstrap = new Bootstrap().group(group).channel(NettyFrames.channel())
          .option(ChannelOption.TCP_NODELAY, true);
      for (int i = 0; i < connections; i++) {
        Conn conn = new Conn();
        conns[i] = conn;
        channels[i] = bootstrap.clone()
            .handler(new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline().addLast(NettyFrames.decoder(), conn);
              }
            })
            .connect("127.0.0.1", port)
            .syncUninterruptibly()
            .channel();
      }
    }

    @Override
    public void call(int conn, Done done) {
      int i = conn % conns.length;
      Conn c = conns[i];
      EventLoop loop = channels[i].eventLoop();
      if (loop.inEventLoop()) {
        c.send(done);
        if (!c.flushPending) {
          c.ctx.flush(); // not inside a read batch: nothing else will flush
        }
      } else {
        loop.execute(() -> {
          c.send(done);
          c.ctx.flush();
        });
      }
    }

    @Override
    public void close() {
      for (Channel c : channels) {
        c.close();
      }
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Raw JeroMQ: N DEALER sockets owned by one client thread, which sends, polls and completes
   * calls; replies come back in order per socket. Calls made on other threads are queued and the
   * thread is woken through an inproc PAIR.
   */
  static final class JeroMq implements BenchClient {
    private record Request(int conn, Done done) {}

    private final byte[] payload;
    private final ZContext context = new ZContext(1);
    private final ZMQ.Socket[] dealers;
    @SuppressWarnings("unchecked")
    private final ArrayDeque<Done>[] inFlight;
    private final ConcurrentLinkedQueue<Request> queued = new ConcurrentLinkedQueue<>();
    private final ZMQ.Socket wakeSender;
    private final Thread thread;
    private volatile boolean closed;
    private final Object wakeLock = new Object();

    @SuppressWarnings({"unchecked", "rawtypes"}) // an array of ArrayDeque<Request>
    JeroMq(Workload workload, int port, int connections) {
      this.payload = workload.requestBytes();
      this.dealers = new ZMQ.Socket[connections];
      this.inFlight = new ArrayDeque[connections];
      String wakeAddress = "inproc://wake-" + System.identityHashCode(this);
      ZMQ.Socket wakeReceiver = context.createSocket(SocketType.PAIR);
      wakeReceiver.bind(wakeAddress);
      this.wakeSender = context.createSocket(SocketType.PAIR);
      wakeSender.connect(wakeAddress);
      for (int i = 0; i < connections; i++) {
        ZMQ.Socket dealer = context.createSocket(SocketType.DEALER);
        dealer.setSndHWM(100_000);
        dealer.setRcvHWM(100_000);
        dealer.setLinger(0);
        dealer.connect("tcp://127.0.0.1:" + port);
        dealers[i] = dealer;
        inFlight[i] = new ArrayDeque<>();
      }
      this.thread = new Thread(() -> loop(wakeReceiver), "jeromq-client");
      thread.setDaemon(true);
      thread.start();
    }

    private void loop(ZMQ.Socket wakeReceiver) {
      ZMQ.Poller poller = context.createPoller(dealers.length + 1);
      poller.register(wakeReceiver, ZMQ.Poller.POLLIN);
      for (ZMQ.Socket d : dealers) {
        poller.register(d, ZMQ.Poller.POLLIN);
      }
      try {
        while (!closed) {
          drainQueue();
          poller.poll(100);
          if (poller.pollin(0)) {
            while (wakeReceiver.recv(ZMQ.DONTWAIT) != null) {
              // drained
            }
          }
          for (int i = 0; i < dealers.length; i++) {
            if (poller.pollin(i + 1)) {
              while (dealers[i].recv(ZMQ.DONTWAIT) != null) {
                Done done = inFlight[i].poll();
                if (done != null) {
                  done.done(true);
                }
              }
            }
          }
        }
      } catch (RuntimeException e) {
        if (!closed) {
          e.printStackTrace();
        }
      } finally {
        poller.close();
        for (ArrayDeque<Done> q : inFlight) {
          for (Done d : q) {
            d.done(false);
          }
          q.clear();
        }
      }
    }

    private void drainQueue() {
      Request r;
      while ((r = queued.poll()) != null) {
        send(r.conn(), r.done());
      }
    }

    private void send(int conn, Done done) {
      int i = conn % dealers.length;
      inFlight[i].add(done);
      dealers[i].send(payload, ZMQ.DONTWAIT);
    }

    @Override
    public void call(int conn, Done done) {
      if (Thread.currentThread() == thread) {
        send(conn, done);
        return;
      }
      queued.add(new Request(conn, done));
      synchronized (wakeLock) {
        wakeSender.send(new byte[0], ZMQ.DONTWAIT);
      }
    }

    @Override
    public void close() {
      closed = true;
      try {
        thread.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      context.close();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Raw libzmq through zero-core's FFM bindings: N DEALER sockets owned by one client thread, which
   * sends, sleeps in the engine's waiter and completes calls; replies come back in order per socket.
   * Calls made on other threads are queued and the thread is woken with {@link IoWaiter#signal()}
   * (by the waiter's protocol: only when it announced it may sleep).
   */
  static final class Libzmq implements BenchClient {
    private record Request(int conn, Done done) {}

    private final byte[] payload;
    private final ZmqContext context = LibzmqRaw.ENGINE.newContext(1);
    private final ZmqSocket[] dealers;
    private final ArrayDeque<Done>[] inFlight;
    private final ConcurrentLinkedQueue<Request> queued = new ConcurrentLinkedQueue<>();
    private final IoWaiter waiter;
    private final Thread thread;
    private volatile boolean closed;

    @SuppressWarnings({"unchecked", "rawtypes"}) // an array of ArrayDeque<Done>
    Libzmq(Workload workload, int port, int connections) {
      this.payload = workload.requestBytes();
      this.dealers = new ZmqSocket[connections];
      this.inFlight = new ArrayDeque[connections];
      this.waiter = context.newWaiter();
      for (int i = 0; i < connections; i++) {
        ZmqSocket dealer = context.dealer();
        dealer.setHighWaterMarks(100_000);
        dealer.setLinger(0);
        dealer.connect("tcp://127.0.0.1:" + port, waiter);
        dealers[i] = dealer;
        inFlight[i] = new ArrayDeque<>();
      }
      this.thread = new Thread(this::loop, "libzmq-client");
      thread.setDaemon(true);
      thread.start();
    }

    private void loop() {
      for (ZmqSocket d : dealers) {
        waiter.register(d);
      }
      try {
        while (!closed) {
          boolean moved = drainQueue();
          for (int i = 0; i < dealers.length; i++) {
            while (dealers[i].receive(true) != null) {
              moved = true;
              Done done = inFlight[i].poll();
              if (done != null) {
                done.done(true);
              }
            }
          }
          if (moved) {
            waiter.progress();
            continue;
          }
          waiter.prepareToSleep();
          if (closed || !queued.isEmpty() || readable()) {
            waiter.awake();
          } else {
            waiter.sleep(100);
          }
        }
      } catch (RuntimeException e) {
        if (!closed) {
          e.printStackTrace();
        }
      } finally {
        for (ArrayDeque<Done> q : inFlight) {
          for (Done d : q) {
            d.done(false);
          }
          q.clear();
        }
      }
    }

    private boolean readable() {
      for (ZmqSocket d : dealers) {
        if ((d.events() & ZmqSocket.POLLIN) != 0) {
          return true;
        }
      }
      return false;
    }

    private boolean drainQueue() {
      boolean any = false;
      Request r;
      while ((r = queued.poll()) != null) {
        send(r.conn(), r.done());
        any = true;
      }
      return any;
    }

    private void send(int conn, Done done) {
      int i = conn % dealers.length;
      if (dealers[i].send(payload, false)) {
        inFlight[i].add(done);
      } else {
        done.done(false); // at the high-water mark (100,000 in flight): not expected here
      }
    }

    @Override
    public void call(int conn, Done done) {
      if (Thread.currentThread() == thread) {
        send(conn, done);
        return;
      }
      queued.add(new Request(conn, done));
      waiter.signal();
    }

    @Override
    public void close() {
      closed = true;
      waiter.wakeNow();
      try {
        thread.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (!thread.isAlive()) {
        context.close(); // closes the sockets and the waiter too
      }
    }
  }
}
