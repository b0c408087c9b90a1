package io.zeroapi.benchmarks.harness;

/** A server process kind; several {@link SystemId}s may share one (e.g. both Zero TCP client modes). */
public enum ServerKind {
  ZERO_TCP("zero-tcp"),
  ZERO_TCP_INLINE("zero-tcp-inline"),
  ZERO_TCP_VT("zero-tcp-vt"),
  ZERO_TCP_TLS("zero-tcp-tls"),
  ZERO_TCP_TLS_OPENSSL("zero-tcp-tls-openssl"),
  ZERO_TCP_OBSERVED("zero-tcp-observed"),
  ZERO_ZMQ("zero-zmq"),
  ZERO_ZMQ_INLINE("zero-zmq-inline"),
  ZERO_ZMQ_JEROMQ("zero-zmq-jeromq"),
  GRPC("grpc"),
  GRPC_TLS("grpc-tls"),
  NETTY("netty"),
  JEROMQ("jeromq"),
  LIBZMQ("libzmq");

  private final String label;

  ServerKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** A Zero server (these serve the Redis workload too). */
  public boolean isZero() {
    return this == ZERO_TCP || this == ZERO_TCP_INLINE || this == ZERO_TCP_VT || this == ZERO_TCP_TLS
        || this == ZERO_TCP_TLS_OPENSSL || this == ZERO_TCP_OBSERVED || this == ZERO_ZMQ || this == ZERO_ZMQ_INLINE
        || this == ZERO_ZMQ_JEROMQ;
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
