package io.zeroapi.internal.tcp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.zeroapi.ConnectionException;
import io.zeroapi.internal.RequestHandler;
import io.zeroapi.internal.ServerSettings;
import io.zeroapi.internal.ServerTransport;
import io.zeroapi.internal.ThrottledWarning;
import io.zeroapi.internal.TransportCounters;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The raw TCP server on Netty: frames in, each handed to the {@link RequestHandler} as a {@link
 * TcpCall} (which reads its request envelope on the worker thread), reply frames out with the same
 * request id. Many requests of one connection run at once; replies go out
 * as they finish, batched per event-loop turn. A connection stops being read while it has {@code
 * maxInFlightPerConnection} calls running or its outbound buffer is full. Beyond {@code
 * maxConnections} open connections, a new one is closed as soon as it is accepted. The bytes of
 * unfinished frames count against a server-wide {@link PartialFrameBudget} (a quarter of the heap).
 */
public final class TcpServerTransport implements ServerTransport {
  private volatile String description = "raw TCP on Netty";

  @Override
  public String description() {
    return description;
  }

  private static final Logger log = LoggerFactory.getLogger(TcpServerTransport.class);

  /** A frame that has begun must be complete within this time (slowloris guard). */
  static final long PARTIAL_FRAME_DEADLINE_MILLIS = 10_000;

  private final ServerSettings settings;
  private final RequestHandler handler;
  private final long partialFrameDeadlineMillis;
  private final PartialFrameBudget partialFrames;
  private final TcpEnvelope.Reader envelopes = new TcpEnvelope.Reader();
  private final ChannelGroup children = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final AtomicInteger connections = new AtomicInteger();
  private final TransportCounters counters = new TransportCounters(connections::get);
  private final ThrottledWarning refused = new ThrottledWarning(
      log, "Refused {} connection(s) since the last report: at the cap of {} (maxConnections)");
  private final ThrottledWarning zeroMqPeers = ServerConnectionHandler.zeroMqPeers();
  private final ThrottledWarning tlsPeers = Tls.tlsPeersOfPlaintextServer();
  private final ThrottledWarning plaintextPeers = Tls.PlaintextGuard.warning();
  private final ThrottledWarning handshakeFailures = Tls.ServerHandshake.warning();
  private final Object lock = new Object();
  private EventLoopGroup group;
  private Channel serverChannel;
  private boolean closed;

  public TcpServerTransport(ServerSettings settings, RequestHandler handler) {
    this(settings, handler, PARTIAL_FRAME_DEADLINE_MILLIS);
  }

  TcpServerTransport(
      ServerSettings settings, RequestHandler handler, long partialFrameDeadlineMillis) {
    this(settings, handler, partialFrameDeadlineMillis, PartialFrameBudget.defaultLimit());
  }

  /** @param partialFrameBudget bytes all connections may hold in unfinished frames (see D5) */
  TcpServerTransport(
      ServerSettings settings,
      RequestHandler handler,
      long partialFrameDeadlineMillis,
      long partialFrameBudget) {
    this.settings = settings;
    this.handler = handler;
    this.partialFrameDeadlineMillis = partialFrameDeadlineMillis;
    this.partialFrames = new PartialFrameBudget(partialFrameBudget);
  }

  @Override
  public void start() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("server transport closed");
      }
      if (group != null) {
        throw new IllegalStateException("server transport already started");
      }
      NettyIo io = NettyIo.select();
      description = "raw TCP on Netty (" + io.name() + ")";
      int threads =
          settings.ioThreads() > 0
              ? settings.ioThreads()
              : Runtime.getRuntime().availableProcessors();
      if (io.name().equals("epoll")) {
        log.info("TCP transport: native epoll, {} I/O thread(s)", threads);
      } else {
        log.info(
            "TCP transport: NIO, {} I/O thread(s) (epoll unavailable: {})",
            threads,
            NettyIo.epollUnavailabilityCause());
      }
      EventLoopGroup g =
          new MultiThreadIoEventLoopGroup(
              threads, new DefaultThreadFactory("zero-tcp-server"), io.ioHandlerFactory());
      int maxFrame = settings.maxFrameBytes();
      int maxInFlight = settings.maxInFlightPerConnection();
      int maxConnections = settings.maxConnections();
      SslContext tls = settings.tls() == null ? null : settings.tls().context();
      if (tls != null) {
        description += " with TLS (" + settings.tls().provider() + ")";
        log.info("TCP transport: TLS on ({} provider)", settings.tls().provider());
      }
      ServerBootstrap bootstrap =
          new ServerBootstrap()
              .group(g)
              .channel(io.serverChannelClass())
              .option(ChannelOption.SO_REUSEADDR, true)
              .option(ChannelOption.SO_BACKLOG, 1024)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
              .handler(new AcceptFailures())
              .childHandler(
                  new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                      if (connections.incrementAndGet() > maxConnections) {
                        connections.decrementAndGet();
                        counters.refused(); // before the close, which the peer may see at once
                        ch.close();
                        refused.count(maxConnections);
                        return;
                      }
                      ch.closeFuture().addListener(f -> connections.decrementAndGet());
                      children.add(ch);
                      ReadGate gate = new ReadGate(ch);
                      ServerConnectionHandler requests =
                          new ServerConnectionHandler(handler, envelopes, maxInFlight, gate, zeroMqPeers, tlsPeers,
                              counters);
                      if (tls != null) { // none of these handlers without TLS: plaintext is as it was
                        ch.pipeline()
                            .addLast("plaintext-guard", new Tls.PlaintextGuard(plaintextPeers))
                            .addLast("tls", tls.newHandler(ch.alloc()))
                            .addLast("tls-handshake", new Tls.ServerHandshake(handshakeFailures));
                      }
                      ch.pipeline()
                          .addLast("gate", gate)
                          .addLast(
                              "frames",
                              new FrameDecoder(
                                  maxFrame,
                                  partialFrameDeadlineMillis,
                                  requests::newRequest,
                                  partialFrames.open(gate, ch)))
                          .addLast("requests", requests);
                    }
                  });
      String address = settings.host() + ":" + settings.port();
      try {
        serverChannel = bootstrap.bind(settings.host(), settings.port()).sync().channel();
      } catch (Exception e) {
        g.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        throw new ConnectionException(
            "Cannot bind " + address + ": " + Failures.describeConnectFailure(e), e);
      }
      group = g;
      log.info("TCP transport listening on {}", serverChannel.localAddress());
    }
  }

  /**
   * Failures to accept a connection (out of file descriptors: EMFILE, ENFILE; D6): one WARN line per
   * 10 s saying why and how many, and accepting pauses for {@value #ACCEPT_PAUSE_MILLIS} ms, as
   * Netty's own acceptor does, so that a listening socket that stays readable does not spin the
   * event loop. The connections open go on being served; the waiting ones are accepted once
   * descriptors are free again. Handled here, so that Netty's "reached the tail of the pipeline"
   * warning with a stack trace is not logged per failure.
   */
  private static final class AcceptFailures extends ChannelInboundHandlerAdapter {
    private final ThrottledWarning warning = new ThrottledWarning(log,
        "Cannot accept connections: {} (the process's file descriptor limit, ulimit -n?); retrying every "
            + ACCEPT_PAUSE_MILLIS + " ms, the open connections are served ({} failure(s) since the last line)");

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      warning.report(cause.getMessage());
      ChannelConfig config = ctx.channel().config();
      if (config.isAutoRead()) {
        config.setAutoRead(false);
        ctx.channel().eventLoop().schedule(() -> config.setAutoRead(true), ACCEPT_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
      }
    }
  }

  /** How long accepting pauses after a failure to accept. */
  static final long ACCEPT_PAUSE_MILLIS = 1_000;

  /** The partial-frame budget of all connections (test hook). */
  PartialFrameBudget partialFrames() {
    return partialFrames;
  }

  /** Connections whose reading is paused now, for any reason (test hook). */
  int pausedConnections() {
    int n = 0;
    for (Channel ch : children) {
      if (!ch.config().isAutoRead()) {
        n++;
      }
    }
    return n;
  }

  /** The most bytes of replies waiting to be written on one connection now (test hook). */
  long largestOutboundBytes() {
    long most = 0;
    for (Channel ch : children) {
      ServerConnectionHandler h = ch.pipeline().get(ServerConnectionHandler.class);
      if (h != null) {
        most = Math.max(most, h.queuedBytes());
      }
    }
    return most;
  }

  @Override
  public TransportCounters counters() {
    return counters;
  }

  /** Connections open now (test hook). */
  int connections() {
    return connections.get();
  }

  @Override
  public int port() {
    synchronized (lock) {
      if (serverChannel == null) {
        throw new IllegalStateException("server transport not started");
      }
      return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }
  }

  @Override
  public void stopAccepting() {
    Channel ch;
    synchronized (lock) {
      ch = serverChannel;
    }
    if (ch != null) {
      ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() {
    EventLoopGroup g;
    Channel ch;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      g = group;
      ch = serverChannel;
    }
    if (ch != null) {
      ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    children.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    if (g != null) {
      g.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }
}
