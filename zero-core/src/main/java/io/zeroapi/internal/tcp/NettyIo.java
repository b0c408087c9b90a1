package io.zeroapi.internal.tcp;

import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The Netty I/O flavour to use: native epoll when available, NIO otherwise, or when the system
 * property {@value #FORCE_NIO} is {@code true}.
 */
record NettyIo(
    String name,
    IoHandlerFactory ioHandlerFactory,
    Class<? extends ServerChannel> serverChannelClass,
    Class<? extends Channel> channelClass) {

  /** System property that forces NIO even where epoll is available. */
  static final String FORCE_NIO = "io.zeroapi.tcp.nio";

  static NettyIo select() {
    if (!Boolean.getBoolean(FORCE_NIO) && Epoll.isAvailable()) {
      return new NettyIo(
          "epoll",
          EpollIoHandler.newFactory(),
          EpollServerSocketChannel.class,
          EpollSocketChannel.class);
    }
    return new NettyIo(
        "nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
  }

  /** Why epoll is not used, for logs; null when it is. */
  static String epollUnavailabilityCause() {
    if (Boolean.getBoolean(FORCE_NIO)) {
      return FORCE_NIO + "=true";
    }
    Throwable cause = Epoll.unavailabilityCause();
    return cause == null ? null : String.valueOf(cause);
  }
}
