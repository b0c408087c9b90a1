package io.zeroapi.benchmarks.harness;

/** A server process kind; several {@link SystemId}s may share one (e.g. both Zero TCP client modes). */
public enum ServerKind {
  ZERO_TCP("zero-tcp"),
  ZERO_TCP_INLINE("zero-tcp-inline"),
  ZERO_ZMQ("zero-zmq"),
  GRPC("grpc"),
  NETTY("netty"),
  JEROMQ("jeromq");

  private final String label;

  ServerKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static ServerKind parse(String text) {
    for (ServerKind k : values()) {
      if (k.label.equalsIgnoreCase(text.trim())) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown server kind " + text);
  }
}
