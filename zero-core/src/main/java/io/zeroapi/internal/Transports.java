package io.zeroapi.internal;

import io.zeroapi.Protocol;
import io.zeroapi.codec.Codec;
import io.zeroapi.internal.tcp.TcpClientTransport;
import io.zeroapi.internal.tcp.TcpServerTransport;
import io.zeroapi.internal.zmq.ZmqClientTransport;
import io.zeroapi.internal.zmq.ZmqServerTransport;

/** Picks the transport implementation for a {@link Protocol}. */
public final class Transports {
  private Transports() {}

  public static ServerTransport server(
      Protocol protocol, ServerSettings settings, RequestHandler handler) {
    return switch (protocol) {
      case ZMQ -> new ZmqServerTransport(settings, handler);
      case TCP -> new TcpServerTransport(settings, handler);
    };
  }

  public static ClientTransport client(Protocol protocol, ClientSettings settings, Codec codec) {
    return switch (protocol) {
      case ZMQ -> new ZmqClientTransport(settings, codec);
      case TCP -> new TcpClientTransport(settings, codec);
    };
  }
}
