package io.zeroapi.benchmarks.harness;

import io.zeroapi.Protocol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A system under test: a server kind plus a client mode. */
public enum SystemId {
  ZERO_TCP("zero-tcp", ServerKind.ZERO_TCP, "TCP", "Zero TCP, default server (calls on virtual threads scheduled on the event loop that read them), AsyncZeroClient, multiplexed (N×1: one client, connections(N), round-robin)"),
  ZERO_TCP_POOL("zero-tcp-pool", ServerKind.ZERO_TCP, "TCP", "Zero TCP, AsyncZeroClient, multiplexed(false).connections(N): one call in flight per connection, like the original"),
  ZERO_TCP_INLINE("zero-tcp-inline", ServerKind.ZERO_TCP_INLINE, "TCP", "Zero TCP server built with executor(Runnable::run): functions run on the I/O thread, for non-blocking functions only (not the default); client as zero-tcp"),
  ZERO_TCP_VT("zero-tcp-vt", ServerKind.ZERO_TCP_VT, "TCP", "Zero TCP server built with executor(Executors.newVirtualThreadPerTaskExecutor()): every call on the JDK's default virtual-thread scheduler, what the default server does without --add-opens java.base/java.lang; client as zero-tcp"),
  ZERO_TCP_TLS("zero-tcp-tls", ServerKind.ZERO_TCP_TLS, "TCP", "Zero TCP over TLS (JDK engine, TLS 1.3, EC P-256 certificate made by keytool at the start of the run), server and client otherwise as zero-tcp"),
  ZERO_TCP_TLS_OPENSSL("zero-tcp-tls-openssl", ServerKind.ZERO_TCP_TLS_OPENSSL, "TCP", "Zero TCP over TLS on OpenSSL (netty-tcnative BoringSSL, on the benchmarks' class path only), otherwise as zero-tcp-tls"),
  ZERO_TCP_OBSERVED("zero-tcp-observed", ServerKind.ZERO_TCP_OBSERVED, "TCP", "Zero TCP as zero-tcp, server and client with the zero-micrometer (Prometheus registry) and zero-opentelemetry (SDK, every call sampled, batch processor, discarding exporter) interceptors: the cost of metrics + tracing"),
  ZERO_ZMQ_ASYNC("zero-zmq-async", ServerKind.ZERO_ZMQ, "ZMQ", "Zero ZeroMQ on the default engine (libzmq where it loads), AsyncZeroClient"),
  ZERO_ZMQ_JEROMQ("zero-zmq-jeromq", ServerKind.ZERO_ZMQ_JEROMQ, "ZMQ", "Zero ZeroMQ on the JeroMQ engine (server and client), AsyncZeroClient"),
  ZERO_ZMQ_SYNC("zero-zmq-sync", ServerKind.ZERO_ZMQ, "ZMQ", "Zero ZeroMQ, blocking ZeroClient called from N virtual threads"),
  ZERO_ZMQ_INLINE("zero-zmq-inline", ServerKind.ZERO_ZMQ_INLINE, "ZMQ", "Zero ZeroMQ server built with executor(Runnable::run): functions run on its I/O thread, for non-blocking functions only (not the default); client as zero-zmq-async"),
  GRPC("grpc", ServerKind.GRPC, "TCP", "grpc-java unary, byte[] marshaller, one shared epoll event loop, directExecutor on both sides"),
  GRPC_TLS("grpc-tls", ServerKind.GRPC_TLS, "TCP", "grpc-java as grpc, over TLS (grpc-netty-shaded's default engine: its bundled BoringSSL; the certificate of zero-tcp-tls)"),
  NETTY("netty", ServerKind.NETTY, "TCP", "raw Netty echo, Zero TCP framing, echo on the event loop, flush per read batch (the limit)"),
  JEROMQ("jeromq", ServerKind.JEROMQ, "ZMQ", "raw JeroMQ DEALER/ROUTER echo, one server thread"),
  LIBZMQ("libzmq", ServerKind.LIBZMQ, "ZMQ", "raw libzmq DEALER/ROUTER echo through zero-core's FFM bindings, one server thread (the ZeroMQ limit)");

  private final String label;
  private final ServerKind server;
  private final String family;
  private final String description;

  SystemId(String label, ServerKind server, String family, String description) {
    this.label = label;
    this.server = server;
    this.family = family;
    this.description = description;
  }

  public String label() {
    return label;
  }

  public ServerKind server() {
    return server;
  }

  /** The transport family, for the "vs its raw baseline" ratios: TCP or ZMQ. */
  public String family() {
    return family;
  }

  public String description() {
    return description;
  }

  public boolean isZero() {
    return server.isZero();
  }

  /** Whether this system can run {@code workload} at {@code connections} × {@code perConnection}. */
  public boolean supports(Workload workload, int connections, int perConnection) {
    if (!available()) {
      return false;
    }
    if (!workload.forBaselines() && !isZero()) {
      return false;
    }
    if (this == ZERO_TCP_OBSERVED && workload != Workload.HELLO) {
      return false; // the cost of metrics and tracing is a per-call cost: hello shows it best
    }
    if (this == ZERO_TCP_POOL && perConnection != 1) {
      return false; // one call in flight per connection by construction
    }
    return true;
  }

  /** False for the Zero ZeroMQ systems until {@code Protocol.ZMQ} exists in zero-core, and for libzmq without it. */
  public boolean available() {
    return unavailableReason() == null;
  }

  /** Why this system cannot run here, or null if it can. */
  public String unavailableReason() {
    if ((server == ServerKind.ZERO_ZMQ || server == ServerKind.ZERO_ZMQ_INLINE) && zmqProtocol() == null) {
      return "this zero-core has no Protocol.ZMQ";
    }
    if (server == ServerKind.LIBZMQ) {
      return LibzmqRaw.UNAVAILABLE;
    }
    if (server == ServerKind.ZERO_TCP_TLS_OPENSSL && !io.netty.handler.ssl.OpenSsl.isAvailable()) {
      return "netty-tcnative (OpenSSL) is not usable here: " + io.netty.handler.ssl.OpenSsl.unavailabilityCause();
    }
    return null;
  }

  /** {@code Protocol.ZMQ} when this build of zero-core has it, else null. */
  public static Protocol zmqProtocol() {
    return Arrays.stream(Protocol.values()).filter(p -> p.name().equals("ZMQ")).findFirst().orElse(null);
  }

  /**
   * The systems a run without {@code --systems} measures: all but the TLS ones, which run when
   * named (TLS against plaintext: {@code --systems zero-tcp,zero-tcp-tls,zero-tcp-tls-openssl,grpc,grpc-tls}).
   */
  public static java.util.Set<SystemId> byDefault() {
    java.util.Set<SystemId> all = java.util.EnumSet.allOf(SystemId.class);
    all.remove(ZERO_TCP_TLS);
    all.remove(ZERO_TCP_TLS_OPENSSL);
    all.remove(GRPC_TLS);
    return all;
  }

  /** Every system but the informational inline-executor ones. */
  public static SystemId[] withoutInline() {
    return Arrays.stream(values()).filter(s -> s != ZERO_TCP_INLINE && s != ZERO_ZMQ_INLINE).toArray(SystemId[]::new);
  }

  public static SystemId parse(String text) {
    for (SystemId s : values()) {
      if (s.label.equalsIgnoreCase(text.trim()) || s.name().equalsIgnoreCase(text.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown system " + text + "; expected one of " + labels(List.of(values())));
  }

  public static String labels(List<SystemId> systems) {
    List<String> out = new ArrayList<>();
    systems.forEach(s -> out.add(s.label));
    return String.join(",", out);
  }
}
