package io.zeroapi;

import io.zeroapi.internal.ClientSettings;
import io.zeroapi.internal.ClientTransport;
import io.zeroapi.internal.HeaderNegotiation;
import io.zeroapi.internal.RequestHandler;
import io.zeroapi.internal.ServerSettings;
import io.zeroapi.internal.ServerTransport;
import io.zeroapi.internal.tcp.TcpClientTransport;
import io.zeroapi.internal.tcp.TcpServerTransport;
import io.zeroapi.internal.zmq.ZmqClientTransport;
import io.zeroapi.internal.zmq.ZmqServerTransport;

/**
 * Picks the transport implementation for a {@link Protocol}. It lives beside the facade, not in
 * {@code internal}, so that the runtime ({@code internal}) and the transports ({@code internal.tcp},
 * {@code internal.zmq}) depend on each other in one direction only.
 */
final class Transports {
  private Transports() {}

  static ServerTransport server(ServerSettings settings, RequestHandler handler) {
    return switch (settings.protocol()) {
      case ZMQ -> new ZmqServerTransport(settings, handler);
      case TCP -> new TcpServerTransport(settings, handler);
    };
  }

  /**
   * One endpoint's client transport, which sends call headers (deadline, metadata) only once the
   * server said it reads them ({@link HeaderNegotiation}).
   */
  static ClientTransport client(Protocol protocol, ClientSettings settings) {
    ClientTransport transport = switch (protocol) {
      case ZMQ -> new ZmqClientTransport(settings);
      case TCP -> new TcpClientTransport(settings);
    };
    return new HeaderNegotiation(transport, settings.address(), settings.maxOutboundBytes());
  }
}
