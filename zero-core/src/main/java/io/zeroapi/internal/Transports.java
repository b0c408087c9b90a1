package io.zeroapi.internal;

import io.zeroapi.Protocol;
import io.zeroapi.codec.Codec;
import io.zeroapi.internal.tcp.TcpClientTransport;
import io.zeroapi.internal.tcp.TcpServerTransport;

/** Picks the transport implementation for a {@link Protocol}. */
public final class Transports {
  private Transports() {}

  public static ServerTransport server(
      Protocol protocol, ServerSettings settings, RequestHandler handler) {
    return switch (protocol) {
      case TCP -> new TcpServerTransport(settings, handler);
    };
  }

  public static ClientTransport client(Protocol protocol, ClientSettings settings, Codec codec) {
    return switch (protocol) {
      case TCP -> new TcpClientTransport(settings, codec);
    };
  }
}
