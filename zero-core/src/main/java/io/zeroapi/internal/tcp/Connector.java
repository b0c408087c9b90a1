package io.zeroapi.internal.tcp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.zeroapi.ConnectionException;
import io.zeroapi.internal.ClientSettings;
import io.zeroapi.internal.OutboundLimit;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the connections of one TCP client share: the event loop, the bootstrap that opens a
 * connection to the server (with an {@link SslHandler} first when TLS is on), the reconnect
 * back-off cap, and whether the client is closed.
 */
final class Connector {
  private static final io.netty.util.AttributeKey<ClientConnection> CONNECTION =
      io.netty.util.AttributeKey.valueOf(Connector.class, "connection");

  private static final Logger log = LoggerFactory.getLogger(Connector.class);
  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

  private final String address;
  private final String serverName;
  private final boolean tls;
  private final long maxBackoffMillis;
  private final EventLoopGroup group;
  private final Bootstrap bootstrap;
  private volatile boolean closed;
  private final OutboundLimit limit;

  Connector(ClientSettings settings, OutboundLimit limit) {
    this.limit = limit;
    this.address = settings.address();
    this.maxBackoffMillis = Math.max(1, settings.maxReconnectBackoff().toMillis());
    NettyIo io = NettyIo.select();
    log.debug("TCP client for {} uses {}", address, io.name());
    ThreadFactory threads =
        r -> {
          Thread t = new FastThreadLocalThread(r, "zero-tcp-client-" + THREAD_NUMBER.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.group = new MultiThreadIoEventLoopGroup(1, threads, io.ioHandlerFactory());
    int maxFrame = settings.maxFrameBytes();
    long connectTimeout = Math.max(1, Math.min(settings.connectTimeout().toMillis(), Integer.MAX_VALUE));
    SslContext tlsContext = settings.tls() == null ? null : settings.tls().context();
    this.tls = tlsContext != null;
    this.serverName = settings.tls() != null && settings.tls().serverName() != null
        ? settings.tls().serverName() : settings.host();
    int port = settings.port();
    this.bootstrap =
        new Bootstrap()
            .group(group)
            .channel(io.channelClass())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout)
            // Writability follows the outbound limit: it turns back on below its low mark, when
            // the connection wakes the blocking callers waiting for room.
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                (int) Math.min(limit.lowMark(), Integer.MAX_VALUE - 1),
                (int) Math.min(limit.maxBytes(), Integer.MAX_VALUE)))
            .remoteAddress(settings.host(), settings.port())
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ClientConnection connection = new ClientConnection(address, limit, serverName);
                    ch.attr(CONNECTION).set(connection); // outlives the pipeline, which a close empties
                    if (tlsContext != null) { // no handler without TLS: plaintext is as it was
                      SslHandler ssl = tlsContext.newHandler(ch.alloc(), serverName, port);
                      ssl.setHandshakeTimeoutMillis(connectTimeout);
                      ch.pipeline().addLast("tls", ssl);
                    }
                    ch.pipeline()
                        .addLast("frames", new FrameDecoder(maxFrame, 0))
                        .addLast("replies", connection);
                  }
                });
  }

  /** The {@link ClientConnection} of a channel this connector opened (also after the channel closed). */
  static ClientConnection connectionOf(Channel channel) {
    return channel.attr(CONNECTION).get();
  }

  /** {@code host:port}, for messages. */
  String address() {
    return address;
  }

  /** The bound on each connection's outbound buffer (and on the calls waiting for a connection). */
  OutboundLimit limit() {
    return limit;
  }

  /** Whether connections are TLS: a connection is up once its handshake is done. */
  boolean tls() {
    return tls;
  }

  /** The name the server's certificate is checked against. */
  String serverName() {
    return serverName;
  }

  long maxBackoffMillis() {
    return maxBackoffMillis;
  }

  boolean isClosed() {
    return closed;
  }

  /** Opens a connection; its {@link ClientConnection} is in the channel's pipeline. */
  ChannelFuture connect() {
    return bootstrap.connect();
  }

  /** Runs {@code task} on the event loop after {@code millis}. */
  void schedule(Runnable task, long millis) {
    group.schedule(task, millis, TimeUnit.MILLISECONDS);
  }

  static ConnectionException closedException() {
    return new ConnectionException("Client closed");
  }

  /** Marks the client closed (new connections are refused from now on). */
  void markClosed() {
    closed = true;
  }

  /** Stops the event loop, after the connections were closed. */
  void shutdown() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
